import { HistoryIcon, TrashIcon } from '@/components/icons';
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
