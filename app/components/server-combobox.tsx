import { useCombobox } from 'downshift';
import { useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { SearchOption, SearchPage } from '~/search/search';

/** how long typing must pause before the server is asked */
const DEBOUNCE_MS = 200;

/** false on the server and in the first browser render, true once React runs the page */
export function useHydrated() {
  return useSyncExternalStore(
    () => () => {},
    () => true,
    () => false,
  );
}

export interface ServerComboboxProps {
  /** the visible label of the text input */
  label: ReactNode;
  /** a resource route answering `SearchPage` JSON; `q` is added to its query */
  endpoint: string;
  /** singular and plural of what is searched, for the announcements ("coach", "coaches") */
  noun: { one: string; many: string };
  /** the option chosen when the page loads */
  initialSelected?: SearchOption | null;
  /** called when the person chooses an option (or clears the input) */
  onSelect?: (option: SearchOption | null) => void;
  /** a hidden input of this name carries the chosen option's id in the form */
  name?: string;
  /** the text input's own name, for forms that submit what was typed */
  inputName?: string;
  /** empty the input after a choice (a switcher moves on; a field keeps showing it) */
  clearOnSelect?: boolean;
  placeholder?: string;
  hint?: ReactNode;
  error?: string;
  id?: string;
}

type Answer =
  | { state: 'idle' }
  | { state: 'loading'; page: SearchPage | null }
  | { state: 'done'; page: SearchPage; query: string }
  | { state: 'failed' };

/**
 * A text input that asks the server for matches as the person types: debounced, the
 * previous request aborted, at most one page shown with "keep typing" when more match.
 * The WAI-ARIA combobox pattern comes from downshift's `useCombobox` (arrows, Home/End,
 * Enter, Escape, aria-activedescendant); the count is announced through a status region.
 */
export function ServerCombobox({
  label,
  endpoint,
  noun,
  initialSelected = null,
  onSelect,
  name,
  inputName,
  clearOnSelect = false,
  placeholder,
  hint,
  error,
  id,
}: ServerComboboxProps) {
  const [answer, setAnswer] = useState<Answer>({ state: 'idle' });
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const request = useRef<AbortController>();

  useEffect(
    () => () => {
      clearTimeout(timer.current);
      request.current?.abort();
    },
    [],
  );

  function search(query: string, delay = DEBOUNCE_MS) {
    clearTimeout(timer.current);
    setAnswer((previous) => ({
      state: 'loading',
      page: previous.state === 'done' ? previous.page : null,
    }));
    timer.current = setTimeout(() => {
      request.current?.abort();
      const controller = new AbortController();
      request.current = controller;
      const url = new URL(endpoint, window.location.href);
      url.searchParams.set('q', query);
      fetch(url, { signal: controller.signal, headers: { Accept: 'application/json' } })
        .then(async (response) => {
          if (!response.ok) throw new Error(`search answered ${response.status}`);
          const page = (await response.json()) as SearchPage;
          if (!controller.signal.aborted) setAnswer({ state: 'done', page, query });
        })
        .catch(() => {
          if (!controller.signal.aborted) setAnswer({ state: 'failed' });
        });
    }, delay);
  }

  const page = answer.state === 'done' || answer.state === 'loading' ? answer.page : null;
  const items = page?.items ?? [];

  const {
    isOpen,
    highlightedIndex,
    selectedItem,
    inputValue,
    getLabelProps,
    getInputProps,
    getMenuProps,
    getItemProps,
    selectItem,
  } = useCombobox<SearchOption>({
    id,
    items,
    initialSelectedItem: initialSelected,
    itemToString: (item) => item?.label ?? '',
    itemToKey: (item) => item?.id,
    onInputValueChange: ({ inputValue: typed, type }) => {
      if (type !== useCombobox.stateChangeTypes.InputChange) return;
      search(typed);
    },
    onIsOpenChange: ({ isOpen: open, inputValue: typed }) => {
      if (open && answer.state === 'idle') search(typed ?? '', 0);
    },
    onSelectedItemChange: ({ selectedItem: chosen }) => {
      if (clearOnSelect) {
        if (!chosen) return;
        selectItem(null);
      }
      onSelect?.(chosen ?? null);
    },
    stateReducer: (state, { type, changes }) => {
      // leaving the input with half-typed text: an emptied input clears the choice, anything
      // else shows the chosen option again, so the field never says one thing and sends another
      if (
        type === useCombobox.stateChangeTypes.InputBlur &&
        changes.selectedItem === state.selectedItem
      ) {
        if (!clearOnSelect && changes.inputValue?.trim() === '') {
          return { ...changes, selectedItem: null, inputValue: '' };
        }
        if (!clearOnSelect) {
          return { ...changes, inputValue: state.selectedItem?.label ?? '' };
        }
      }
      return changes;
    },
  });

  const inputId = id ? `${id}-input` : undefined;
  const hintId = hint ? `${id ?? name ?? 'combobox'}-hint` : undefined;
  const errorId = error ? `${id ?? name ?? 'combobox'}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  const message = announcement(answer, noun, isOpen);

  return (
    <div className="combobox">
      <label {...getLabelProps()}>{label}</label>
      <div className="combobox__control">
        <input
          {...getInputProps({
            id: inputId,
            name: inputName,
            type: 'text',
            placeholder,
            autoComplete: 'off',
            spellCheck: false,
            'aria-invalid': error ? true : undefined,
            'aria-describedby': describedBy,
          })}
        />
        {name ? <input type="hidden" name={name} value={selectedItem?.id ?? ''} /> : null}
      </div>
      {hint ? (
        <p className="muted" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
      <div className="combobox__popup" hidden={!isOpen}>
        <ul
          {...getMenuProps({ className: 'combobox__list' })}
          hidden={!isOpen || items.length === 0}
        >
          {isOpen
            ? items.map((item, index) => (
                <li
                  key={item.id}
                  className={`combobox__option${highlightedIndex === index ? ' combobox__option--active' : ''}`}
                  {...getItemProps({ item, index })}
                >
                  <span className="combobox__label">{item.label}</span>
                  {item.detail ? <span className="combobox__detail">{item.detail}</span> : null}
                </li>
              ))
            : null}
        </ul>
        {isOpen ? (
          <p className="combobox__note" aria-hidden="true">
            {visibleNote(answer, noun, inputValue)}
          </p>
        ) : null}
      </div>
      <div role="status" aria-live="polite" className="sr-only">
        {message}
      </div>
    </div>
  );
}

function visibleNote(answer: Answer, noun: ServerComboboxProps['noun'], typed: string) {
  if (answer.state === 'failed') return 'Search is not answering. Try again in a moment.';
  if (answer.state !== 'done') return 'Searching…';
  if (answer.page.items.length === 0) {
    return typed.trim() ? `No ${noun.many} match “${typed.trim()}”.` : `No ${noun.many} yet.`;
  }
  if (answer.page.more) return `More ${noun.many} match: keep typing to narrow the list.`;
  return null;
}

function announcement(answer: Answer, noun: ServerComboboxProps['noun'], isOpen: boolean) {
  if (!isOpen) return '';
  if (answer.state === 'failed') return 'Search is not answering. Try again in a moment.';
  if (answer.state !== 'done') return '';
  const count = answer.page.items.length;
  if (count === 0) return `No ${noun.many} found.`;
  const shown = `${count} ${count === 1 ? noun.one : noun.many}`;
  return answer.page.more
    ? `${shown} shown, more match: keep typing.`
    : `${shown} found. Use the arrow keys to choose.`;
}
