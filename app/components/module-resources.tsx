import { videoEmbedUrl } from '~/authoring/vocabulary';

interface Resource {
  title: string;
  url: string;
  embed?: boolean;
}

/**
 * A module's videos and further reading. Videos play through the providers'
 * privacy-enhanced players (youtube-nocookie, Vimeo with do-not-track), which the page's
 * Content-Security-Policy allows on module pages only.
 */
export function ModuleResources({ resources }: { resources: Resource[] }) {
  const videos = resources.flatMap((resource) => {
    const src = resource.embed ? videoEmbedUrl(resource.url) : null;
    return src ? [{ ...resource, src }] : [];
  });
  const links = resources.filter((resource) => !videos.some((video) => video.url === resource.url));
  if (resources.length === 0) return null;
  return (
    <>
      {videos.map((video) => (
        <figure key={video.src} className="card video-embed">
          <div className="video-embed__frame">
            <iframe
              src={video.src}
              title={video.title}
              loading="lazy"
              allow="fullscreen; picture-in-picture"
              referrerPolicy="strict-origin-when-cross-origin"
            />
          </div>
          <figcaption>
            {video.title} ·{' '}
            <a href={video.url} rel="noopener noreferrer nofollow" target="_blank">
              open on the provider’s site
            </a>
          </figcaption>
        </figure>
      ))}
      {links.length > 0 ? (
        <section className="card" aria-labelledby="resources-title">
          <h2 id="resources-title">Resources</h2>
          <ul>
            {links.map((link) => (
              <li key={link.url}>
                <a href={link.url} rel="noopener noreferrer nofollow" target="_blank">
                  {link.title}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
