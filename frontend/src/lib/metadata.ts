/** Metadata is whatever DIUN's provider sent: accept a string or a list of strings. */
export function stringField(value: unknown): string | undefined {
  const text = Array.isArray(value) ? value.filter((item) => typeof item === 'string').join(', ') : value;
  return typeof text === 'string' && text !== '' ? text : undefined;
}

type Metadata = Record<string, unknown> | null | undefined;

/** What the containers or services of an update are called, and by whom (as the server names them). */
export type Workloads = { label: 'Container' | 'Service' | 'Pod' | 'Task'; names: string };

/**
 * The container or service an update is about, from whichever keys its
 * provider sent (DIUN's `internal/provider/*`): docker `ctn_names`,
 * Kubernetes `pod_name` (in `pod_namespace`), Nomad `job_name`/`task_name`,
 * Swarm's service in `ctn_name` (beside `svc_id`), containerd `ctn_name`.
 */
export function workloadsOf(metadata: Metadata): Workloads | undefined {
  const text = (key: string) => stringField(metadata?.[key]);
  const docker = text('ctn_names');
  if (docker) return { label: 'Container', names: docker.split(',').join(', ') };
  const pod = text('pod_name');
  if (pod) return { label: 'Pod', names: [text('pod_namespace'), pod].filter(Boolean).join('/') };
  const task = text('task_name');
  const job = text('job_name') ?? text('job_id');
  if (task || job)
    return { label: 'Task', names: job && task && job !== task ? `${job}/${task}` : (task ?? job ?? '') };
  const name = text('ctn_name');
  if (name) return { label: text('svc_id') ? 'Service' : 'Container', names: name };
  return undefined;
}

/** A link someone attached through a `diun.metadata.*` label: its key, and the http(s) URL it holds. */
export type MetadataLink = { key: string; url: string };

/** The metadata values that are http(s) URLs (a changelog, say); nothing else becomes a link. */
export function metadataLinks(metadata: Metadata): MetadataLink[] {
  const links: MetadataLink[] = [];
  for (const [key, value] of Object.entries(metadata ?? {})) {
    if (typeof value !== 'string' || !/^https?:\/\//i.test(value.trim())) continue;
    try {
      const url = new URL(value.trim());
      if (url.protocol === 'http:' || url.protocol === 'https:') links.push({ key, url: url.href });
    } catch {
      // Not a URL after all: shown as the text it is, nowhere as a link.
    }
  }
  return links;
}
