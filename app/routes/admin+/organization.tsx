import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { getFormProps, useForm } from '@conform-to/react';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { requireUser } from '~/auth/session.server';
import { timeZoneList } from '~/cohorts/cohort-form.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { SelectField, TextField } from '~/components/forms';
import { logoUrlOf } from '~/organization/branding.server';
import {
  ACCEPTED_IMAGE_EXTENSIONS,
  imageVersion,
  kibibytes,
  organizationImages,
  receiveOrganizationImage,
  removeOrganizationImage,
  type OrganizationImageKind,
} from '~/organization/images.server';
import {
  getOrganizationSettings,
  settingsFormValues,
  submitOrganizationSettings,
} from '~/organization/settings.server';
import { readFormData } from '~/http/form.server';
import { notFound, requireOrgAdmin } from '~/permissions/permissions.server';
import { getStorage } from '~/storage/storage.server';
import { redirectWithToast } from '~/utils/toast.server';
import { AdminNav } from './__admin-nav';

export const meta: MetaFunction = () => [{ title: 'Organization settings · Cadre' }];

const ADMINS_ONLY = 'Organization settings are changed by your organization’s admins.';
const HERE = '/admin/organization';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.db, request);
  requireOrgAdmin(user, ADMINS_ONLY);
  const settings = await getOrganizationSettings(context.db, user.organizationId);
  if (!settings) notFound('We could not find your organization.');
  return data(
    {
      values: settingsFormValues(settings),
      timezones: timeZoneList([settings.timezone, 'UTC']),
      logoUrl: logoUrlOf(settings),
      signatureUrl: settings.signatureKey
        ? `${HERE}/signature?v=${imageVersion(settings.signatureKey)}`
        : null,
      limits: {
        logo: kibibytes(organizationImages.logo.maxBytes),
        signature: kibibytes(organizationImages.signature.maxBytes),
      },
    },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}

type ImageReply = { form: OrganizationImageKind | 'image'; error: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context.db, request);
  requireOrgAdmin(user, ADMINS_ONLY);
  const storage = getStorage(context.env);

  if (/^multipart\/form-data/i.test(request.headers.get('Content-Type') ?? '')) {
    const outcome = await receiveOrganizationImage(context.db, request, { user, storage });
    if (outcome.status === 'stored') {
      throw await redirectWithToast(HERE, {
        kind: 'success',
        message:
          outcome.kind === 'logo'
            ? 'The new logo is in place.'
            : 'The new signature image is in place.',
      });
    }
    return data<ImageReply>(
      { form: outcome.kind ?? 'image', error: outcome.message },
      {
        status: outcome.code,
        // an upload refused part-way leaves unread bytes on the socket: close it
        headers: outcome.unreadBody ? { Connection: 'close' } : undefined,
      },
    );
  }

  const form = await readFormData(request);
  const intent = form.get('intent');
  if (intent === 'remove-logo' || intent === 'remove-signature') {
    const kind = intent === 'remove-logo' ? 'logo' : 'signature';
    const removed = await removeOrganizationImage(context.db, { user, kind, storage });
    throw await redirectWithToast(HERE, {
      kind: removed ? 'success' : 'info',
      message: removed
        ? kind === 'logo'
          ? 'The logo was removed.'
          : 'The signature image was removed.'
        : 'There was nothing to remove.',
    });
  }
  if (intent !== 'save') {
    return data<ImageReply>(
      { form: 'image', error: 'That change was not understood. Reload the page and try again.' },
      { status: 400 },
    );
  }
  const outcome = await submitOrganizationSettings(context, form, user);
  if (outcome.status === 'saved') {
    throw await redirectWithToast(HERE, {
      kind: 'success',
      message: 'The organization settings are saved.',
    });
  }
  return data({ form: 'settings' as const, result: outcome.result }, { status: 400 });
}

export default function OrganizationSettingsPage() {
  const { values, timezones, logoUrl, signatureUrl, limits } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const confirm = searchParams.get('confirm');
  // validated on the server only, so the schema stays out of the browser
  const [form, fields] = useForm<typeof values>({
    lastResult: reply && 'result' in reply ? reply.result : undefined,
    defaultValue: values,
    shouldRevalidate: 'onBlur',
  });
  const imageError = (kind: OrganizationImageKind) =>
    reply && 'error' in reply && (reply.form === kind || reply.form === 'image')
      ? reply.error
      : undefined;
  const value = (name: keyof typeof values) =>
    (fields[name].initialValue as string | undefined) ?? values[name];
  const error = (name: keyof typeof values) => fields[name].errors?.[0];

  return (
    <div className="stack">
      <header className="page-header">
        <p className="eyebrow">Organization</p>
        <h1>Organization settings</h1>
        <p className="lead">
          How your organization appears in Cadre and on certificates, whom people ask for help, and
          the defaults new programs start from.
        </p>
      </header>
      <AdminNav />

      <section className="card" aria-labelledby="details-title">
        <h2 id="details-title">Details</h2>
        {form.errors?.length ? (
          <div className="alert alert--error" role="alert" id={form.errorId}>
            {form.errors[0]}
          </div>
        ) : null}
        {reply && 'result' in reply ? (
          <div className="alert alert--error" role="alert">
            Nothing was saved. Correct the fields marked below and save again.
          </div>
        ) : null}
        <Form method="post" className="form form--narrow" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="save" />
          <fieldset className="settings-group">
            <legend>Name</legend>
            <TextField
              type="text"
              name={fields.name.name}
              label="Organization name"
              required
              maxLength={120}
              defaultValue={value('name')}
              error={error('name')}
            />
            <TextField
              type="text"
              name={fields.shortName.name}
              label="Short name (optional)"
              maxLength={40}
              defaultValue={value('shortName')}
              error={error('shortName')}
              hint="Shown beside the logo at the top of every page, e.g. KEA."
            />
            <SelectField
              name={fields.timezone.name}
              label="Time zone"
              defaultValue={value('timezone')}
              error={error('timezone')}
              hint="New cohorts start in this time zone."
            >
              {timezones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone.replace(/_/g, ' ')}
                </option>
              ))}
            </SelectField>
          </fieldset>

          <fieldset className="settings-group">
            <legend>Support contact</legend>
            <p className="muted">Shown on error pages so people know whom to ask for help.</p>
            <TextField
              name={fields.supportEmail.name}
              label="Support email (optional)"
              type="email"
              autoComplete="off"
              defaultValue={value('supportEmail')}
              error={error('supportEmail')}
            />
            <TextField
              name={fields.supportPhone.name}
              label="Support phone (optional)"
              type="tel"
              autoComplete="off"
              defaultValue={value('supportPhone')}
              error={error('supportPhone')}
            />
          </fieldset>

          <fieldset className="settings-group">
            <legend>Certificates and Act 48</legend>
            <TextField
              type="text"
              name={fields.signatoryName.name}
              label="Who signs certificates (optional)"
              maxLength={120}
              defaultValue={value('signatoryName')}
              error={error('signatoryName')}
            />
            <TextField
              type="text"
              name={fields.signatoryTitle.name}
              label="Their title (optional)"
              maxLength={120}
              defaultValue={value('signatoryTitle')}
              error={error('signatoryTitle')}
              hint="E.g. Director of Professional Learning."
            />
            <TextField
              type="text"
              name={fields.providerName.name}
              label="State provider name (optional)"
              maxLength={200}
              defaultValue={value('providerName')}
              error={error('providerName')}
              hint="Your organization’s name as the state lists it as an Act 48 provider."
            />
            <TextField
              type="text"
              name={fields.providerNumber.name}
              label="State provider number (optional)"
              maxLength={40}
              defaultValue={value('providerNumber')}
              error={error('providerNumber')}
            />
          </fieldset>

          <fieldset className="settings-group">
            <legend>Fees and hours</legend>
            <TextField
              type="text"
              name={fields.nonmemberFee.name}
              label="Scoring fee for non-members, in dollars"
              inputMode="decimal"
              required
              defaultValue={value('nonmemberFee')}
              error={error('nonmemberFee')}
              hint="Per micro-credential submitted for scoring. 0 for no fee."
            />
            <TextField
              type="text"
              name={fields.defaultCompletionHours.name}
              label="Default hours for completing a program"
              inputMode="decimal"
              required
              defaultValue={value('defaultCompletionHours')}
              error={error('defaultCompletionHours')}
            />
            <TextField
              type="text"
              name={fields.defaultAttainmentHours.name}
              label="Default extra hours for attaining a micro-credential"
              inputMode="decimal"
              required
              defaultValue={value('defaultAttainmentHours')}
              error={error('defaultAttainmentHours')}
              hint="New programs start with these; each program’s own hours are set under Hours rules."
            />
          </fieldset>
          <button type="submit" className="button button--primary">
            Save settings
          </button>
        </Form>
      </section>

      <ImageCard
        kind="logo"
        title="Logo"
        description="Shown at the top of every page and, later, on certificates and credentials. A PNG or JPEG image, at most"
        limit={limits.logo}
        url={logoUrl}
        alt="Your organization’s logo"
        error={imageError('logo')}
        confirming={confirm === 'remove-logo'}
      />
      <ImageCard
        kind="signature"
        title="Signature image"
        description="The signatory’s signature, printed on certificates. Only admins see it here. A PNG or JPEG image, at most"
        limit={limits.signature}
        url={signatureUrl}
        alt="The signature printed on certificates"
        error={imageError('signature')}
        confirming={confirm === 'remove-signature'}
      />
    </div>
  );
}

function ImageCard(props: {
  kind: OrganizationImageKind;
  title: string;
  description: string;
  limit: string;
  url: string | null;
  alt: string;
  error: string | undefined;
  confirming: boolean;
}) {
  const id = `${props.kind}-file`;
  return (
    <section className="card" aria-labelledby={`${props.kind}-title`}>
      <h2 id={`${props.kind}-title`}>{props.title}</h2>
      <p className="muted">
        {props.description} {props.limit}.
      </p>
      {props.url ? (
        <p className="image-preview">
          <img src={props.url} alt={props.alt} />
        </p>
      ) : (
        <p className="empty-state">No {props.kind === 'logo' ? 'logo' : 'signature image'} yet.</p>
      )}
      <Form
        method="post"
        encType="multipart/form-data"
        className="form form--narrow"
        aria-label={`Upload the ${props.title.toLowerCase()}`}
      >
        <input type="hidden" name="intent" value={`upload-${props.kind}`} />
        <div className="field">
          <label htmlFor={id}>
            {props.url ? `Replace the ${props.title.toLowerCase()}` : `Choose an image`}
          </label>
          <input
            id={id}
            name="file"
            type="file"
            accept={ACCEPTED_IMAGE_EXTENSIONS}
            required
            aria-invalid={props.error ? true : undefined}
            aria-describedby={props.error ? `${id}-error` : undefined}
          />
          {props.error ? (
            <p className="field-error" id={`${id}-error`} role="alert">
              {props.error}
            </p>
          ) : null}
        </div>
        <div className="actions-row">
          <button type="submit" className="button button--primary">
            {props.url ? 'Upload and replace' : 'Upload'}
          </button>
          {props.url && !props.confirming ? (
            <Link to={`?confirm=remove-${props.kind}`} className="button button--quiet">
              Remove…
            </Link>
          ) : null}
        </div>
      </Form>
      {props.url && props.confirming ? (
        <div className="alert" role="alert">
          <p>
            <strong>
              {`Remove the ${props.title.toLowerCase()}? ${
                props.kind === 'logo'
                  ? 'Pages show Cadre’s own mark instead.'
                  : 'Certificates are printed without a signature.'
              }`}
            </strong>
          </p>
          <Form method="post" className="actions-row">
            <input type="hidden" name="intent" value={`remove-${props.kind}`} />
            <button type="submit" className="button button--danger">
              Remove the {props.title.toLowerCase()}
            </button>
            <Link to="." className="button">
              Cancel
            </Link>
          </Form>
        </div>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
