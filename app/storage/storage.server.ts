import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Env } from '../env.server';

/**
 * Where uploaded files live. Keys are generated here and never come from a person, so a
 * file name cannot reach the disk; a local folder today, an object store later.
 */
export interface Storage {
  /** an empty staging file to write an upload into before it is accepted */
  stage(): Promise<StagedFile>;
  /** the first `length` bytes of a stored file, for checking what it really is */
  readHead(key: string, length: number): Promise<Uint8Array>;
  /** a web stream of the whole file, or null when it is gone */
  open(key: string): Promise<{ stream: ReadableStream<Uint8Array>; size: number } | null>;
  remove(key: string): Promise<void>;
}

export interface StagedFile {
  /** append bytes to the staged file */
  write(chunk: Uint8Array): Promise<void>;
  /** bytes written so far */
  size(): number;
  /** up to `length` bytes from `offset`, for content checks before committing */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** keep the file under a new generated key */
  commit(): Promise<string>;
  /** forget it: nothing stays on disk */
  discard(): Promise<void>;
}

const KEY = /^[0-9a-f]{2}\/[0-9a-f-]{36}$/;

export function createLocalStorage(root: string): Storage {
  const resolve = (key: string) => {
    if (!KEY.test(key)) throw new Error('not a storage key');
    return path.join(root, key);
  };
  const readAt = async (file: string, offset: number, length: number) => {
    const handle = await open(file, 'r');
    try {
      const buffer = new Uint8Array(Math.max(0, length));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  };

  return {
    async stage() {
      const staging = path.join(root, 'staging');
      await mkdir(staging, { recursive: true });
      const file = path.join(staging, randomUUID());
      const out = createWriteStream(file, { flags: 'wx' });
      await new Promise<void>((done, fail) => {
        out.once('open', () => done());
        out.once('error', fail);
      });
      let closed = false;
      let written = 0;
      const close = () =>
        closed
          ? Promise.resolve()
          : new Promise<void>((done, fail) => {
              closed = true;
              out.end((error?: Error | null) => (error ? fail(error) : done()));
            });
      return {
        write: (chunk) =>
          new Promise<void>((done, fail) => {
            written += chunk.byteLength;
            out.write(chunk, (error) => (error ? fail(error) : done()));
          }),
        size: () => written,
        read: async (offset, length) => {
          await close();
          return readAt(file, offset, length);
        },
        commit: async () => {
          await close();
          const id = randomUUID();
          const key = `${id.slice(0, 2)}/${id}`;
          await mkdir(path.join(root, key.slice(0, 2)), { recursive: true });
          await rename(file, resolve(key));
          return key;
        },
        discard: async () => {
          await close().catch(() => undefined);
          await rm(file, { force: true });
        },
      };
    },
    readHead: (key, length) => readAt(resolve(key), 0, length),
    async open(key) {
      const file = resolve(key);
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) return null;
      const stream = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
      return { stream, size: info.size };
    },
    async remove(key) {
      await rm(resolve(key), { force: true });
    },
  };
}

const instances = new Map<string, Storage>();

/** The process's storage for this configuration, created once. */
export function getStorage(env: Pick<Env, 'UPLOAD_DIR' | 'DATA_DIR'>): Storage {
  const root = path.resolve(env.UPLOAD_DIR ?? path.join(env.DATA_DIR, 'uploads'));
  let storage = instances.get(root);
  if (!storage) {
    storage = createLocalStorage(root);
    instances.set(root, storage);
  }
  return storage;
}
