import { pickerSearchParam, type SearchOption, type SearchPage } from '~/search/search';
import { ServerCombobox, useHydrated } from './server-combobox';

export type PersonPickerRole = 'coach' | 'facilitator' | 'any';

const nouns: Record<PersonPickerRole, { one: string; many: string }> = {
  coach: { one: 'coach', many: 'coaches' },
  facilitator: { one: 'facilitator', many: 'facilitators' },
  any: { one: 'person', many: 'people' },
};

export interface PersonPickerProps {
  /** the form field that carries the chosen person's id */
  name: string;
  label: string;
  /** who may be chosen: see `PICKER_ROLES` in app/people/people-search.server.ts */
  kind: PersonPickerRole;
  /** search the people of this cohort's organization (a guest facilitator edits another's) */
  cohortId?: string;
  /** the person chosen when the page loads */
  selected: SearchOption | null;
  /** what the no-script search asked and found (the page's loader answers it) */
  fallback: { query: string; page: SearchPage } | null;
  /** the label of the empty choice; without it a person must be chosen */
  emptyLabel?: string;
  hint?: string;
  error?: string;
}

/**
 * Choosing a person: a combobox that searches the server as one types. Without JavaScript the
 * field is a short list (the chosen person and the last search's matches) with a search
 * button that reloads the page with the form's values and the matches; see decision 024.
 */
export function PersonPicker({
  name,
  label,
  kind,
  cohortId,
  selected,
  fallback,
  emptyLabel,
  hint,
  error,
}: PersonPickerProps) {
  const hydrated = useHydrated();
  const noun = nouns[kind];
  const params = new URLSearchParams({ role: kind });
  if (cohortId) params.set('cohort', cohortId);

  if (hydrated) {
    return (
      <div className="field">
        <ServerCombobox
          id={name}
          name={name}
          label={label}
          endpoint={`/resources/people?${params}`}
          noun={noun}
          initialSelected={selected}
          placeholder={`Type a name or email`}
          hint={
            hint ??
            `Type part of a name or email, then choose with the arrow keys and Enter.${emptyLabel ? ` Empty the field for “${emptyLabel}”.` : ''}`
          }
          error={error}
        />
      </div>
    );
  }

  const searchParam = pickerSearchParam(name);
  const matches = (fallback?.page.items ?? []).filter((item) => item.id !== selected?.id);
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <select
        id={name}
        name={name}
        defaultValue={selected?.id ?? ''}
        aria-invalid={error ? true : undefined}
        aria-describedby={[error ? `${name}-error` : null, `${name}-hint`]
          .filter(Boolean)
          .join(' ')}
      >
        {emptyLabel ? <option value="">{emptyLabel}</option> : null}
        {selected ? (
          <option value={selected.id}>
            {selected.label}
            {selected.detail ? ` (${selected.detail})` : ''}
          </option>
        ) : null}
        {matches.map((item) => (
          <option key={item.id} value={item.id}>
            {item.label}
            {item.detail ? ` (${item.detail})` : ''}
          </option>
        ))}
      </select>
      <p className="muted" id={`${name}-hint`}>
        {fallback
          ? fallback.page.items.length === 0
            ? `No ${noun.many} match “${fallback.query}”. Search again below.`
            : fallback.page.more
              ? `The list shows the first ${fallback.page.items.length} ${noun.many} matching “${fallback.query}”; search with more of the name to narrow it.`
              : `The list shows the ${noun.many} matching “${fallback.query}”.`
          : `To choose another ${noun.one}, search by name or email below.`}
      </p>
      {error ? (
        <p className="field-error" id={`${name}-error`}>
          {error}
        </p>
      ) : null}
      <div className="picker-search">
        <label htmlFor={`${name}-search`}>Find a {noun.one}</label>
        <div className="picker-search__row">
          <input
            id={`${name}-search`}
            type="search"
            name={searchParam}
            defaultValue={fallback?.query ?? ''}
            maxLength={100}
          />
          <button type="submit" className="button" formMethod="get" formNoValidate>
            Search
          </button>
        </div>
      </div>
    </div>
  );
}
