import { createContext, useContext } from 'react';

// the nonce reaches the browser only in the rendered attributes; on the client it is empty
const NonceContext = createContext('');

export const NonceProvider = NonceContext.Provider;

export function useNonce() {
  return useContext(NonceContext);
}
