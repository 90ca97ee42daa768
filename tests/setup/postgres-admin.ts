import postgres from 'postgres';

/** A plain connection for creating and dropping test databases. */
export function adminConnection(databaseUrl: string) {
  return postgres(databaseUrl, { max: 1, onnotice: () => {} });
}
