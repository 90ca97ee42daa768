import { Link } from '@remix-run/react';
import { describeCredentialStatus, type CredentialStatus } from '../evidence/labels';
import { ScrollRegion } from '../components/scroll-region';

interface Props {
  cohortId: string;
  credentials: { id: string; code: string; title: string }[];
  rows: {
    memberId: string;
    name: string;
    cells: {
      credentialId: string;
      submissionId: string | null;
      status: CredentialStatus;
      attempt: number | null;
    }[];
  }[];
}

/** The facilitator's view of every participant's micro-credential status with attempts. */
export function CredentialStatusTable({ cohortId, credentials, rows }: Props) {
  if (credentials.length === 0) return null;
  return (
    <section className="stack" aria-labelledby="credential-status-title">
      <h2 id="credential-status-title">Micro-credentials</h2>
      <ScrollRegion label="Micro-credential status" className="card">
        <table className="table credential-grid">
          <caption className="sr-only">
            Micro-credential status by participant, with the attempt number
          </caption>
          <thead>
            <tr>
              <th scope="col">Participant</th>
              {credentials.map((credential) => (
                <th key={credential.id} scope="col">
                  {credential.code} {credential.title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.memberId}>
                <th scope="row">{row.name}</th>
                {row.cells.map((cell) => (
                  <td
                    key={cell.credentialId}
                    className={`credential-cell credential-cell--${cell.status}`}
                  >
                    {cell.submissionId ? (
                      <Link to={`/cohorts/${cohortId}/evidence/${cell.submissionId}`}>
                        {describeCredentialStatus(cell.status, cell.attempt)}
                      </Link>
                    ) : (
                      describeCredentialStatus(cell.status, cell.attempt)
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}
