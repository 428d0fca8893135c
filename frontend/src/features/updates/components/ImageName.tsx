import { imageRefOf, shortRepository } from '@/lib/image-ref';
import './ImageName.css';

type ImageNameProps = {
  image: string;
  /** Shown before the path when given: the registry when it is not the one most images share. */
  registry?: string | null;
};

/**
 * `registry/path:version` on one line. When space runs out the registry and
 * path are cut with an ellipsis, never the version: it is what the user came for.
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
