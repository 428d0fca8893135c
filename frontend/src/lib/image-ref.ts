/** An image reference split the way Docker reads it. */
export type ImageRef = {
  registry: string;
  repository: string;
  /** `null` for a reference pinned by digest only. */
  tag: string | null;
  digest: string | null;
};

const DEFAULT_REGISTRY = 'docker.io';

/**
 * Split `registry/repository:tag@digest`. The first path component is a registry
 * only if it contains `.` or `:` or is `localhost`; Docker Hub's official images
 * live under `library/`.
 */
export function parseImageRef(reference: string): ImageRef {
  const [name = '', digest = null] = splitOnce(reference.trim(), '@');
  const lastSlash = name.lastIndexOf('/');
  const tagColon = name.indexOf(':', lastSlash + 1);
  const path = tagColon === -1 ? name : name.slice(0, tagColon);
  const explicitTag = tagColon === -1 ? null : name.slice(tagColon + 1);

  const [first = '', rest = null] = splitOnce(path, '/');
  const hasRegistry = rest !== null && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? normalizeRegistry(first) : DEFAULT_REGISTRY;
  let repository = hasRegistry ? (rest ?? '') : path;
  if (registry === DEFAULT_REGISTRY && !repository.includes('/')) {
    repository = `library/${repository}`;
  }

  return {
    registry,
    repository,
    tag: explicitTag ?? (digest ? null : 'latest'),
    digest,
  };
}

/** The repository as people say it: Docker Hub's official images without their implicit `library/`. */
export function shortRepository(ref: ImageRef): string {
  return ref.registry === DEFAULT_REGISTRY && ref.repository.startsWith('library/')
    ? ref.repository.slice('library/'.length)
    : ref.repository;
}

/**
 * The repository as a heading names it: Docker Hub's as people say it (`nginx`,
 * `acme/api`), any other registry's with that registry (`ghcr.io/acme/api`), so
 * the same path on two registries reads as the two repositories it is.
 */
export function repositoryTitle(ref: ImageRef): string {
  return ref.registry === DEFAULT_REGISTRY ? shortRepository(ref) : fullRepository(ref);
}

const cache = new Map<string, ImageRef>();

/** `parseImageRef`, memoized: lists re-parse the same thousands of references on every poll. */
export function imageRefOf(reference: string): ImageRef {
  let ref = cache.get(reference);
  if (!ref) {
    ref = parseImageRef(reference);
    cache.set(reference, ref);
  }
  return ref;
}

function splitOnce(text: string, separator: string): [string, string | null] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, null] : [text.slice(0, at), text.slice(at + 1)];
}

function normalizeRegistry(host: string): string {
  return host === 'index.docker.io' || host === 'registry-1.docker.io' ? DEFAULT_REGISTRY : host;
}

/** The repository as the server names it (`repository` of an entry): registry and path, `docker.io/library/nginx`. */
export function fullRepository(ref: ImageRef): string {
  return `${ref.registry}/${ref.repository}`;
}

/**
 * Whether `image` is what `diun notif test` sends (`docker.io/diun/testnotif:latest`):
 * a check that DIUN reaches diundash, shown as that host's connection test, not as an update.
 */
export function isConnectionTest(image: string): boolean {
  const ref = imageRefOf(image);
  return fullRepository(ref) === 'docker.io/diun/testnotif' && ref.tag === 'latest';
}
