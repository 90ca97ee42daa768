/** What a search resource route answers: at most one page of options, and whether more matched. */
export interface SearchPage {
  items: SearchOption[];
  /** more matched than one page holds: the person should keep typing */
  more: boolean;
}

export interface SearchOption {
  id: string;
  /** what the input shows once the option is chosen */
  label: string;
  /** a second line that tells two people (or cohorts) of the same name apart */
  detail?: string;
}

/** the most options any search answers, whatever the organization's size */
export const SEARCH_PAGE_SIZE = 20;

/** the longest query a search reads; longer text matches nothing anyone would type */
export const SEARCH_QUERY_MAX = 100;

/** the query parameter a no-script search of picker `name` uses */
export function pickerSearchParam(name: string) {
  return `${name}Search`;
}
