import { CopyButton } from '@/components/CopyButton';
import './WebhookSetup.css';

/** The first-run screen: how to point DIUN at this server. */
export function WebhookSetup() {
  const endpoint = new URL('webhook', window.location.href).href;
  const yaml = [
    'notif:',
    '  webhook:',
    `    endpoint: ${endpoint}`,
    '    method: POST',
    '    headers:',
    '      content-type: application/json',
    '      authorization: <your WEBHOOK_SECRET>',
    '    timeout: 10s',
  ].join('\n');
  const env = [
    `DIUN_NOTIF_WEBHOOK_ENDPOINT=${endpoint}`,
    'DIUN_NOTIF_WEBHOOK_METHOD=POST',
    'DIUN_NOTIF_WEBHOOK_HEADERS_AUTHORIZATION=<your WEBHOOK_SECRET>',
  ].join('\n');

  return (
    <section className="state" aria-labelledby="setup-title">
      <h2 id="setup-title">No updates yet</h2>
      <p>
        diundash lists an image as soon as DIUN reports it. Add this webhook notifier to DIUN’s configuration, then
        restart DIUN. Leave out the <code>authorization</code> header if this server runs without{' '}
        <code>WEBHOOK_SECRET</code>.
      </p>
      <Snippet title="diun.yml" text={yaml} />
      <Snippet title="or as environment variables" text={env} />
      <p>
        To check the connection, run <code>diun notif test</code> (e.g. <code>docker exec diun diun notif test</code>).
        Its arrival shows here within a few seconds as the host’s connection test; this page refreshes by itself.
      </p>
    </section>
  );
}

function Snippet({ title, text }: { title: string; text: string }) {
  return (
    <figure className="snippet">
      <figcaption className="snippet__title">
        <span>{title}</span>
        <CopyButton text={text} label={`Copy ${title}`} />
      </figcaption>
      <pre>
        <code>{text}</code>
      </pre>
    </figure>
  );
}
