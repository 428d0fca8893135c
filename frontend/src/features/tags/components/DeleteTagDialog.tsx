import type { Tag } from '@/api/types';
import { ConfirmDialog } from '@/components/ConfirmDialog';
import { plural } from '@/lib/plural';
import { visibleText } from '@/lib/visible-text';

type DeleteTagDialogProps = {
  tag: Tag;
  imageCount: number;
  onConfirm: () => void;
  onCancel: () => void;
};

export function DeleteTagDialog({ tag, imageCount, onConfirm, onCancel }: DeleteTagDialogProps) {
  return (
    <ConfirmDialog
      title={`Delete tag “${visibleText(tag.name)}”?`}
      confirmLabel="Delete tag"
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <p>
        {imageCount === 0
          ? 'No images are in this tag.'
          : `${plural(imageCount, 'image')} will be ungrouped and move to Untagged.`}{' '}
        Their updates are kept.
      </p>
    </ConfirmDialog>
  );
}
