import { imageRefOf, shortRepository } from '@/lib/image-ref';
import './ImageName.css';

type ImageNameProps = {
  image: string;
  /** Shown before the path when given: the registry when it is not the one most images share. */
  registry?: string | null;
};

/**
 * `registry/path:version` on one line. When space runs out it is cut from the
 * start (`…team/service:1.4`): the registry and path go first, never the
 * version, which is what the user came for. All inline, so a selection copies
 * the reference as it reads.
 */
export function ImageName({ image, registry = null }: ImageNameProps) {
  const ref = imageRefOf(image);
  return (
    <span className="image-name" title={image}>
      <span className="image-name__text">
        {registry && <span className="image-name__registry">{registry}/</span>}
        {shortRepository(ref)}
        {ref.tag !== null && <span className="image-name__version">:{ref.tag}</span>}
      </span>
    </span>
  );
}
