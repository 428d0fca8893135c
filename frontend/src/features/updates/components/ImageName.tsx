import { imageRefOf, shortRepository } from '@/lib/image-ref';
import './ImageName.css';

type ImageNameProps = {
  image: string;
  /** Shown before the path when given: the registry when it is not the one most images share. */
  registry?: string | null;
};

/**
 * The name `ImageName` shows, as one string: the accessible name of the heading
 * or cell that holds it (the browser would put a space between its flex parts).
 */
export function imageNameText(image: string, registry: string | null = null): string {
  const ref = imageRefOf(image);
  return `${registry ? `${registry}/` : ''}${shortRepository(ref)}${ref.tag !== null ? `:${ref.tag}` : ''}`;
}

/**
 * `registry/path:version` on one line. When space runs out the registry and
 * path are cut with an ellipsis, never the version: it is what the user came for.
 * Its container takes `imageNameText` as its `aria-label`.
 */
export function ImageName({ image, registry = null }: ImageNameProps) {
  const ref = imageRefOf(image);
  return (
    <span className="image-name" title={image}>
      <span className="image-name__path">
        {registry && <span className="image-name__registry">{registry}/</span>}
        {shortRepository(ref)}
      </span>
      {ref.tag !== null && <span className="image-name__version">:{ref.tag}</span>}
    </span>
  );
}
