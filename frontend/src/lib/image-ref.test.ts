import { parseImageRef, repositoryTitle } from './image-ref';

describe('parseImageRef', () => {
  it.each([
    ['docker.io/library/nginx:1.25', 'docker.io', 'library/nginx', '1.25', null],
    ['127.0.0.1:5000/demo/app:1.0', '127.0.0.1:5000', 'demo/app', '1.0', null],
    ['nginx', 'docker.io', 'library/nginx', 'latest', null],
    ['nginx:1.25-alpine', 'docker.io', 'library/nginx', '1.25-alpine', null],
    ['crazymax/diun:4', 'docker.io', 'crazymax/diun', '4', null],
    ['docker.io/diun/testnotif:latest', 'docker.io', 'diun/testnotif', 'latest', null],
    ['docker.io/traefik', 'docker.io', 'library/traefik', 'latest', null],
    ['localhost/app', 'localhost', 'app', 'latest', null],
    ['localhost:5000/team/app', 'localhost:5000', 'team/app', 'latest', null],
    ['ghcr.io/o/r@sha256:abc123', 'ghcr.io', 'o/r', null, 'sha256:abc123'],
    ['ghcr.io/o/r:1.2@sha256:abc123', 'ghcr.io', 'o/r', '1.2', 'sha256:abc123'],
    ['quay.io/prometheus/node-exporter:v1.8.0', 'quay.io', 'prometheus/node-exporter', 'v1.8.0', null],
    ['index.docker.io/library/redis:7', 'docker.io', 'library/redis', '7', null],
  ])('splits %s', (reference, registry, repository, tag, digest) => {
    expect(parseImageRef(reference)).toEqual({ registry, repository, tag, digest });
  });
});

describe('repositoryTitle', () => {
  it.each([
    ['docker.io/library/nginx:1.27.3', 'nginx'],
    ['crazymax/diun:4', 'crazymax/diun'],
    ['ghcr.io/acme/api:2.0', 'ghcr.io/acme/api'],
    ['docker.io/acme/api:2.0', 'acme/api'],
    ['127.0.0.1:5000/demo/app:1.0', '127.0.0.1:5000/demo/app'],
  ])('%s is headed %s', (image, title) => {
    expect(repositoryTitle(parseImageRef(image))).toBe(title);
  });
});
