import { getFormProps, useForm } from '@conform-to/react';
import { Form, useNavigation } from '@remix-run/react';
import { useState } from 'react';
import { postAutosave, useAutosave, type AutosaveStatus } from '~/components/autosave';
import { LockedNotice } from '~/components/locked-notice';
import { TextField } from '~/components/forms';
import { formatBytes } from './labels';
import type { SubmissionActionReply } from './submission-actions.server';
import type { SubmissionPageData } from './submission-page.server';

const saveLabels: Record<AutosaveStatus, string> = {
  saved: 'Saved',
  pending: 'Unsaved changes…',
  saving: 'Saving…',
  retrying: 'Not saved yet: kept in this browser, retrying',
  conflict: 'Another tab saved a newer version',
  invalid: 'Not saved',
  locked: 'This evidence can no longer change',
};

export function DraftEditor(props: {
  submissionId: string;
  body: string;
  version: number;
  /** the refused save, when the page was sent without scripts */
  reply?: SubmissionActionReply;
}) {
  const [form, fields] = useForm<{ intent: string; version: string; body: string }>({
    id: 'evidence-draft',
    lastResult: props.reply?.result,
    onSubmit(event) {
      // with scripts the button saves in place; without them the form posts
      event.preventDefault();
      void draft.flush();
    },
  });
  const typed = fields.body.initialValue;
  const initialBody = typeof typed === 'string' ? typed : props.body;
  const [body, setBody] = useState(initialBody);
  const draft = useAutosave<string>({
    value: body,
    initialValue: initialBody,
    initialVersion: props.version,
    storageKey: `cadre-evidence-${props.submissionId}`,
    isEqual: (a, b) => a === b,
    replaceValue: setBody,
    save: (value, baseVersion, options) =>
      postAutosave(`${props.submissionId}/draft`, value, baseVersion, options),
    debounceMs: 1200,
  });
  const stateClass =
    draft.status === 'saved'
      ? 'save-state--saved'
      : draft.status === 'pending' || draft.status === 'saving'
        ? ''
        : 'save-state--error';
  // before the first save of this visit nothing has changed yet
  const stateText =
    draft.status === 'saved' && !draft.savedAt ? 'All changes saved' : saveLabels[draft.status];
  const error = form.errors?.[0] ?? fields.body.errors?.[0] ?? fields.version.errors?.[0];
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <input type="hidden" name={fields.intent.name} value="save-draft" />
      <input type="hidden" name={fields.version.name} value={props.version} />
      <div className="field">
        <label htmlFor="body">Your written evidence (Markdown)</label>
        <textarea
          id="body"
          name={fields.body.name}
          rows={16}
          value={body}
          onChange={(event) => setBody(event.target.value)}
          aria-describedby="body-hint body-state"
          aria-invalid={error ? true : undefined}
        />
        <p id="body-hint" className="muted">
          Saved as you type. **bold**, *italic*, lists with “- ” and headings with “## ” work.
        </p>
      </div>
      {error ? <p className="field-error">{error}</p> : null}
      <p id="body-state" className={`save-state ${stateClass}`} role="status" aria-live="polite">
        {stateText}
        {draft.status === 'invalid' && draft.message ? `: ${draft.message}` : ''}
        {draft.restored && draft.status !== 'saved' ? ' (restored from this browser)' : ''}
      </p>
      {draft.status === 'locked' ? <LockedNotice message={draft.message} /> : null}
      {draft.conflict ? (
        <div className="alert alert--error" role="alert">
          <p>
            Another tab or device saved this evidence after you started here. Choose which text to
            keep; the other is shown so nothing is lost.
          </p>
          <details>
            <summary>The newer saved text</summary>
            <pre className="email-text">{draft.conflict.theirs}</pre>
          </details>
          <div className="actions-row">
            <button type="button" className="button" onClick={() => draft.resolveConflict('mine')}>
              Keep my text
            </button>
            <button
              type="button"
              className="button"
              onClick={() => draft.resolveConflict('theirs')}
            >
              Use the newer text
            </button>
          </div>
        </div>
      ) : null}
      <button type="submit" className="button">
        Save draft
      </button>
    </Form>
  );
}

export function Items(props: {
  submissionId: string;
  items: SubmissionPageData['view']['submission']['items'];
  editable: boolean;
  reply?: SubmissionActionReply;
  maxUploadMb: number;
  maxUploadBytes: number;
  accept: string;
}) {
  const replyTo = (intent: string) =>
    props.reply?.intent === intent ? props.reply.result : undefined;
  const [linkForm, linkFields] = useForm<{ intent: string; label: string; url: string }>({
    id: 'evidence-link',
    lastResult: replyTo('add-link'),
  });
  // a file too large is caught before it is sent, so nobody waits for an upload that will be refused
  const [tooLarge, setTooLarge] = useState<string | null>(null);
  const [uploadForm, uploadFields] = useForm<{ file: File; label: string }>({
    id: 'evidence-upload',
    lastResult: replyTo('upload'),
    onSubmit(event) {
      const input = event.currentTarget.elements.namedItem('file');
      const file = input instanceof HTMLInputElement ? input.files?.[0] : undefined;
      if (file && file.size > props.maxUploadBytes) {
        event.preventDefault();
        setTooLarge(
          `“${file.name}” is larger than ${props.maxUploadMb} MB. Make it smaller (export a PDF at a lower quality, trim the video, or share a long video as a link) and try again.`,
        );
      } else {
        setTooLarge(null);
      }
    },
  });
  const uploadError = tooLarge ?? uploadFields.file.errors?.[0] ?? null;
  const navigation = useNavigation();
  const uploading =
    navigation.state === 'submitting' && navigation.formEncType === 'multipart/form-data';
  const links = props.items.filter((item) => item.kind === 'link');
  const files = props.items.filter((item) => item.kind === 'file');
  const remove = (itemId: string, name: string) =>
    props.editable ? (
      <Form method="post" className="inline-form">
        <input type="hidden" name="intent" value="remove-item" />
        <input type="hidden" name="itemId" value={itemId} />
        <button type="submit" className="button button--quiet" aria-label={`Remove ${name}`}>
          Remove
        </button>
      </Form>
    ) : null;
  return (
    <>
      <section className="card" aria-labelledby="links-title">
        <h3 id="links-title">Links</h3>
        {links.length === 0 ? <p className="muted">No links.</p> : null}
        <ul className="evidence-list">
          {links.map((item) => (
            <li key={item.id}>
              <a href={item.url ?? '#'} target="_blank" rel="noopener noreferrer nofollow">
                {item.label || item.url}
              </a>{' '}
              <span className="muted">{item.label ? item.url : ''}</span>
              {remove(item.id, item.label || item.url || 'link')}
            </li>
          ))}
        </ul>
        {props.editable ? (
          <Form method="post" className="form" {...getFormProps(linkForm)}>
            <input type="hidden" name={linkFields.intent.name} value="add-link" />
            <TextField
              type="text"
              name={linkFields.label.name}
              label="Link label (optional)"
              maxLength={200}
              defaultValue={linkFields.label.initialValue ?? ''}
              error={linkFields.label.errors?.[0]}
            />
            <TextField
              name={linkFields.url.name}
              label="Web address"
              type="url"
              required
              placeholder="https://"
              hint="For example your 2–3 minute video on a video site, shared so the coach can open it."
              defaultValue={linkFields.url.initialValue ?? ''}
              error={linkFields.url.errors?.[0]}
            />
            <button type="submit" className="button">
              Add link
            </button>
          </Form>
        ) : null}
      </section>

      <section className="card" aria-labelledby="files-title">
        <h3 id="files-title">Files</h3>
        {files.length === 0 ? <p className="muted">No files.</p> : null}
        <ul className="evidence-list">
          {files.map((item) => (
            <li key={item.id}>
              <a href={`${props.submissionId}/files/${item.id}`} download>
                {item.fileName}
              </a>{' '}
              <span className="muted">
                {item.label ? `${item.label} · ` : ''}
                {formatBytes(item.byteSize)}
              </span>
              {remove(item.id, item.fileName ?? 'file')}
            </li>
          ))}
        </ul>
        {props.editable ? (
          <Form
            method="post"
            encType="multipart/form-data"
            className="form"
            {...getFormProps(uploadForm)}
          >
            <div className="field">
              <label htmlFor="file">File</label>
              <input
                id="file"
                name={uploadFields.file.name}
                type="file"
                required
                accept={props.accept}
                aria-describedby="file-hint"
                aria-invalid={uploadError ? true : undefined}
              />
              <p id="file-hint" className="muted">
                PDF, Word, PowerPoint, PNG, JPEG, GIF, WebP or MP4, up to {props.maxUploadMb} MB.
              </p>
              {uploadError ? (
                <p className="field-error" role="alert">
                  {uploadError}
                </p>
              ) : null}
            </div>
            <TextField
              type="text"
              name={uploadFields.label.name}
              id="file-label"
              label="What it is (optional)"
              maxLength={200}
            />
            <button type="submit" className="button" disabled={uploading}>
              {uploading ? 'Uploading…' : 'Upload file'}
            </button>
          </Form>
        ) : null}
      </section>
    </>
  );
}
