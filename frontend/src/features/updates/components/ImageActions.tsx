import type { Resolution } from '@/api/types';
import { HistoryIcon, TrashIcon } from '@/components/icons';
import { hostLabel } from '@/lib/host';
import { pageUrl } from '@/lib/page-url';
import { useCardContext } from './card-context';

type HistoryButtonProps = {
  image: string;
  /** A card's button says "History" beside its icon; a row's is the icon alone. */
  withText: boolean;
};

/** Opens the image's history (`?image=`), from a card or a row. */
export function HistoryButton({ image, withText }: HistoryButtonProps) {
  return (
    <button
      type="button"
      className={withText ? 'button button--small button--quiet card__history' : 'icon-button icon-button--small'}
      data-action="history"
      aria-label={`History of ${image}`}
      title="Every report, dismissal and tag change of this image"
      onClick={() => pageUrl.navigate({ image })}
    >
      <HistoryIcon />
      {withText && ' History'}
    </button>
  );
}

type ForgetButtonProps = {
  image: string;
  /** The host it forgets the image on; null: every host. */
  host: string | null;
  /** Every host that reported the image. */
  hosts: string[];
  /** What the button's name says after the image: " on nas", " on every host" or nothing. */
  where: string;
};

/** Asks to forget the image (a confirmation comes first); nothing in the past, which cannot be changed. */
export function ForgetButton({ image, host, hosts, where }: ForgetButtonProps) {
  const { readOnly, forget } = useCardContext();
  if (readOnly) return null;
  return (
    <button
      type="button"
      className="icon-button icon-button--small"
      data-action="forget"
      aria-label={`Forget ${image}${where}`}
      title={`Forget this image${where}…`}
      onClick={() => forget({ image, host, hosts })}
    >
      <TrashIcon />
    </button>
  );
}

type UpdateButtonProps = {
  image: string;
  /** The host whose update hook would be asked. */
  host: string;
  resolution: Resolution;
};

/**
 * Asks the host's update hook to update the image (a confirmation comes
 * first): only where the server has a hook for the host, the update is not
 * deployed yet, and the page shows the present.
 */
export function UpdateButton({ image, host, resolution }: UpdateButtonProps) {
  const { readOnly, updatableHosts, requestUpdate } = useCardContext();
  if (readOnly || resolution === 'deployed' || !updatableHosts.has(host)) return null;
  const where = hostLabel(host);
  return (
    <button
      type="button"
      className="button button--small button--quiet"
      data-action="update"
      aria-label={`Update ${image} on ${where}`}
      title={`Ask ${where}’s update hook to update it now…`}
      onClick={() => requestUpdate({ image, host })}
    >
      Update
    </button>
  );
}
