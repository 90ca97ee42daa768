/** An autosaving document that can no longer change: why, and that the typed text is kept. */
export function LockedNotice(props: { message: string | null }) {
  return (
    <div className="alert alert--error" role="alert">
      <p>{props.message ?? 'This can no longer be changed.'}</p>
      <p>
        Saving has stopped. What you typed since is still on this page and kept in this browser:
        copy anything you need, then reload to see the saved text.
      </p>
    </div>
  );
}
