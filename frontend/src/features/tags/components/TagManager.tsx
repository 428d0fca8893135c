import { useId, useState, type FormEvent } from 'react';
import type { Tag } from '@/api/types';
import { CloseIcon } from '@/components/icons';
import { formatCount } from '@/lib/plural';
import { useCreateTag } from '../api/create-tag';
import { useDeleteTag } from '../api/delete-tag';
import { DeleteTagDialog } from './DeleteTagDialog';
import { visibleText } from '@/lib/visible-text';
import './TagManager.css';

type TagManagerProps = {
  tags: Tag[];
  /** How many tracked images each tag holds, by tag id. */
  imageCounts: Map<number, number>;
};

const MAX_NAME_LENGTH = 100;

/** The tag list: create a tag, delete one (after confirming how many images it ungroups). */
export function TagManager({ tags, imageCounts }: TagManagerProps) {
  const [toDelete, setToDelete] = useState<Tag | null>(null);
  const deleteTag = useDeleteTag();

  return (
    <section className="tag-manager" aria-label="Tags">
      <h2 className="tag-manager__title">Tags</h2>
      {tags.length > 0 ? (
        <ul className="tag-list">
          {tags.map((tag) => (
            <li key={tag.id} className="tag-chip">
              <span className="tag-chip__name">{visibleText(tag.name)}</span>
              <span className="tag-chip__count">
                {formatCount(imageCounts.get(tag.id) ?? 0)} <span className="sr-only">images</span>
              </span>
              <button
                type="button"
                className="icon-button icon-button--small"
                aria-label={`Delete tag ${tag.name}`}
                title={`Delete tag ${tag.name}`}
                onClick={() => setToDelete(tag)}
              >
                <CloseIcon />
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="tag-manager__hint">No tags yet. Tags group images, e.g. by stack or environment.</p>
      )}
      <CreateTagForm />
      {toDelete && (
        <DeleteTagDialog
          tag={toDelete}
          imageCount={imageCounts.get(toDelete.id) ?? 0}
          onConfirm={() => {
            deleteTag.mutate(toDelete);
            setToDelete(null);
          }}
          onCancel={() => setToDelete(null)}
        />
      )}
    </section>
  );
}

function CreateTagForm() {
  const errorId = useId();
  const [name, setName] = useState('');
  const createTag = useCreateTag();
  const error = createTag.error?.message;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    createTag.mutate(trimmed, { onSuccess: () => setName('') });
  };

  return (
    <form className="tag-form" onSubmit={submit}>
      <input
        aria-label="New tag name"
        placeholder="New tag"
        value={name}
        maxLength={MAX_NAME_LENGTH}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(event) => {
          setName(event.target.value);
          if (createTag.isError) createTag.reset();
        }}
      />
      <button type="submit" className="button button--small" disabled={!name.trim() || createTag.isPending}>
        Add tag
      </button>
      {error && (
        <p id={errorId} className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
