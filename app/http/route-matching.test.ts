import {
  createMemoryHistory,
  createRouter,
  matchPath,
  matchRoutes,
  type AgnosticRouteObject,
} from '@remix-run/router';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { createStaticHandler, createStaticRouter } from 'react-router-dom/server';
import { describe, expect, it } from 'vitest';

/**
 * The router packages are patched (patches/, decision 038) to flatten and rank a route
 * array once and compile each path pattern once, where they did both on every request.
 * These tests hold the patched matching to what it answered before.
 */

const ids = (matches: { route: { id?: string } }[] | null) =>
  matches?.map((match) => match.route.id) ?? null;

function appRoutes(): AgnosticRouteObject[] {
  return [
    {
      id: 'root',
      path: '/',
      children: [
        { id: 'home', index: true },
        { id: 'new-cohort', path: 'cohorts/new' },
        {
          id: 'cohort',
          path: 'cohorts/:cohortId',
          children: [
            { id: 'overview', index: true },
            { id: 'roster', path: 'roster' },
            { id: 'session', path: 'sessions/:sessionId' },
          ],
        },
        { id: 'files', path: 'files/*' },
      ],
    },
  ];
}

/** the package's UMD file, which the patch leaves as published: what matching answered before */
const upstream = createRequire(import.meta.url)('@remix-run/router/dist/router.umd.js') as {
  matchRoutes: typeof matchRoutes;
};

type ManifestRoute = {
  id: string;
  parentId?: string;
  path?: string;
  index?: boolean;
  caseSensitive?: boolean;
};

/** the app's own route tree, as the server builds it from the production build's manifest */
async function builtRoutes() {
  const build = (await import(
    pathToFileURL(path.resolve(import.meta.dirname, '../../build/index.js')).href
  )) as { routes: Record<string, ManifestRoute> };
  const manifest = Object.values(build.routes);
  const childrenOf = (parentId: string | undefined): AgnosticRouteObject[] =>
    manifest
      .filter((route) => route.parentId === parentId)
      .map((route) => {
        const children = childrenOf(route.id);
        return route.index
          ? { id: route.id, index: true, path: route.path, caseSensitive: route.caseSensitive }
          : { id: route.id, path: route.path, caseSensitive: route.caseSensitive, children };
      });
  return { routes: childrenOf(undefined), paths: manifest.map((route) => route.path ?? '') };
}

/** a tree with what the app does not use: optional segments, absolute and case-sensitive paths, splats in layouts */
function unusualRoutes(): AgnosticRouteObject[] {
  return [
    {
      id: 'root',
      path: '',
      children: [
        { id: 'optional', path: 'reports/:year?/term/:term?' },
        {
          id: 'absolute',
          path: '/people',
          children: [{ id: 'person', path: '/people/:personId' }],
        },
        { id: 'exact-case', path: 'API/v1', caseSensitive: true },
        { id: 'dotted', path: 'files/report.v2-final~1' },
        { id: 'layout-splat', path: 'docs/*', children: [{ id: 'doc', path: 'page' }] },
        { id: 'pathless', children: [{ id: 'inside', path: 'inside/:a/:b' }] },
        { id: 'suffix-star', path: 'pictures*' },
        { id: 'catch-all', path: '*' },
      ],
    },
  ];
}

/** every pattern filled in, and the same addresses bent the ways a browser or a person bends them */
function addressesFor(patterns: string[]) {
  const filled = patterns.flatMap((pattern) => {
    const base = `/${pattern.replace(/^\/+/, '')}`
      .replace(/:[\w-]+\?/g, 'opt')
      .replace(/:[\w-]+/g, '7f3c')
      .replace(/\*$/, 'a/b');
    return [base, base.replace(/\/opt/g, '')];
  });
  const bent = filled.flatMap((address) => [
    address,
    `${address}/`,
    `${address}//`,
    address.toUpperCase(),
    `/${address}`,
    address.replace('/', '//'),
    `${address}/extra`,
    address.split('/').slice(0, -1).join('/') || '/',
    `${address}/%2F%20x`,
    `${address}/\u0131`,
  ]);
  return [...new Set(['/', '//', '', '/API/v1', '/api/v1', '/pictures', ...bent])];
}

const described = (matches: ReturnType<typeof matchRoutes>) =>
  matches?.map(({ route, params, pathname, pathnameBase }) => ({
    id: route.id,
    params,
    pathname,
    pathnameBase,
  })) ?? null;

describe('route matching, patched', () => {
  it('matches every address of the app and of unusual trees as the published package does', async () => {
    const app = await builtRoutes();
    const unusual = unusualRoutes();
    const cases = [
      { routes: app.routes, addresses: addressesFor(app.paths) },
      {
        routes: unusual,
        addresses: addressesFor([
          'reports/:year?/term/:term?',
          'people/:personId',
          'API/v1',
          'files/report.v2-final~1',
          'docs/page',
          'docs/*',
          'inside/:a/:b',
          'pictures/*',
        ]),
      },
    ];
    let compared = 0;
    for (const { routes, addresses } of cases) {
      for (const address of addresses) {
        // twice: the second call is answered from the cached branches
        for (let call = 0; call < 2; call += 1) {
          expect(described(matchRoutes(routes, address)), address).toEqual(
            described(upstream.matchRoutes(routes, address)),
          );
          compared += 1;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('ranks the same way on every call: static before dynamic, index routes, splats last', () => {
    const routes = appRoutes();
    for (let call = 0; call < 3; call += 1) {
      expect(ids(matchRoutes(routes, '/'))).toEqual(['root', 'home']);
      expect(ids(matchRoutes(routes, '/cohorts/new'))).toEqual(['root', 'new-cohort']);
      expect(ids(matchRoutes(routes, '/cohorts/c1'))).toEqual(['root', 'cohort', 'overview']);
      expect(ids(matchRoutes(routes, '/cohorts/c1/roster/'))).toEqual(['root', 'cohort', 'roster']);
      expect(matchRoutes(routes, '/cohorts/c1/sessions/s9')?.at(-1)?.params).toEqual({
        cohortId: 'c1',
        sessionId: 's9',
      });
      expect(matchRoutes(routes, '/files/a/b.pdf')?.at(-1)?.params['*']).toBe('a/b.pdf');
      expect(matchRoutes(routes, '/nowhere')).toBeNull();
    }
  });

  it('reads a route array once, however often it is matched', () => {
    let pathReads = 0;
    const counted = {
      id: 'counted',
      get path() {
        pathReads += 1;
        return 'counted/:id';
      },
    };
    const routes: AgnosticRouteObject[] = [{ id: 'root', path: '/', children: [counted] }];
    expect(ids(matchRoutes(routes, '/counted/1'))).toEqual(['root', 'counted']);
    const afterFirst = pathReads;
    for (let call = 0; call < 5; call += 1) matchRoutes(routes, `/counted/${call}`);
    expect(pathReads).toBe(afterFirst);
  });

  it('keeps a pattern compiled case-insensitively apart from the case-sensitive one', () => {
    expect(matchPath('/Cohorts/:id', '/cohorts/1')?.params).toEqual({ id: '1' });
    expect(matchPath({ path: '/Cohorts/:id', caseSensitive: true }, '/cohorts/1')).toBeNull();
    expect(matchPath({ path: '/Cohorts/:id', end: false }, '/cohorts/1/roster')?.pathname).toBe(
      '/cohorts/1',
    );
    expect(matchPath('/Cohorts/:id', '/cohorts/1/roster')).toBeNull();
  });

  it('matches routes added while navigating, after the array was matched once', async () => {
    const router = createRouter({
      routes: [{ id: 'root', path: '/', children: [{ id: 'home', index: true }] }],
      history: createMemoryHistory({ initialEntries: ['/'] }),
      async patchRoutesOnNavigation({ path, patch }) {
        if (path === '/later') patch('root', [{ id: 'later', path: 'later' }]);
      },
    }).initialize();
    await new Promise<void>((resolve) => {
      if (router.state.initialized) resolve();
      else router.subscribe((state) => state.initialized && resolve());
    });
    expect(ids(router.state.matches)).toEqual(['root', 'home']);
    await router.navigate('/later');
    expect(ids(router.state.matches)).toEqual(['root', 'later']);
    router.dispose();
  });

  it('renders each request of a static router with the same data routes and its own matches', async () => {
    const routes = appRoutes();
    const handler = createStaticHandler(routes);
    const contextFor = async (address: string) => {
      const context = await handler.query(new Request(`http://cadre.test${address}`));
      if (context instanceof Response) throw new Error(`${address} answered a response`);
      return context;
    };
    const roster = createStaticRouter(routes, await contextFor('/cohorts/c1/roster'));
    const home = createStaticRouter(routes, await contextFor('/'));
    expect(home.routes).toBe(roster.routes);
    expect(ids(roster.state.matches)).toEqual(['root', 'cohort', 'roster']);
    expect(ids(home.state.matches)).toEqual(['root', 'home']);
    expect(roster.state.matches.at(-1)?.route).toBe(roster.routes[0]?.children?.[2]?.children?.[1]);
  });
});
