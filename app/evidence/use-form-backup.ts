import { useEffect, type RefObject } from 'react';

/**
 * Keeps a copy of a form's text fields in this browser while they are typed, puts it
 * back if the page is opened again before the form was sent, and forgets it on submit.
 */
export function useFormBackup(form: RefObject<HTMLFormElement | null>, storageKey: string) {
  useEffect(() => {
    const element = form.current;
    if (!element) return;
    const fields = () => [
      ...element.querySelectorAll<HTMLTextAreaElement | HTMLInputElement>(
        'textarea, input[type="text"]',
      ),
    ];
    try {
      const saved = JSON.parse(window.localStorage.getItem(storageKey) ?? '{}') as Record<
        string,
        unknown
      >;
      for (const field of fields()) {
        const value = saved[field.name];
        if (typeof value === 'string' && field.value === '') field.value = value;
      }
    } catch {
      window.localStorage.removeItem(storageKey);
    }
    const onInput = () => {
      const values = Object.fromEntries(fields().map((field) => [field.name, field.value]));
      try {
        window.localStorage.setItem(storageKey, JSON.stringify(values));
      } catch {
        // storage full or blocked: the form still works
      }
    };
    const onSubmit = () => window.localStorage.removeItem(storageKey);
    element.addEventListener('input', onInput);
    element.addEventListener('submit', onSubmit);
    return () => {
      element.removeEventListener('input', onInput);
      element.removeEventListener('submit', onSubmit);
    };
  }, [form, storageKey]);
}
