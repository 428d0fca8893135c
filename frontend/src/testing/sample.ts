import { FakeApi } from './fake-api';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** A small, varied homelab: three hosts, two registries besides Docker Hub, one tag. */
export function sampleServer(): FakeApi {
  const api = new FakeApi();
  const production = api.addTag('production');
  api.addTag('media');
  api.receive('docker.io/library/nginx:1.25', { status: 'update', hostname: 'docker-host' }, minutesAgo(30));
  api.receive('ghcr.io/home-assistant/home-assistant:stable', { status: 'update', hostname: 'nas' }, minutesAgo(10));
  api.receive('quay.io/prometheus/node-exporter:v1.8.0', { status: 'new', hostname: 'edge' }, minutesAgo(5));
  api.receive('docker.io/linuxserver/jellyfin:latest', { status: 'new', hostname: 'nas' }, minutesAgo(15));
  api.receive('docker.io/library/postgres:16', { status: 'update', hostname: 'docker-host' }, minutesAgo(40));
  api.tagImage('docker.io/library/nginx:1.25', production);
  api.tagImage('docker.io/library/postgres:16', production);
  api.dismiss(['docker.io/library/postgres:16']);
  return api;
}
