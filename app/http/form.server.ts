/**
 * The submitted form. A body that is not a form (JSON, plain text, a broken multipart
 * stream) is something any client can send, so it is answered with 400, never a 500.
 */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response(
      'The form could not be read, so nothing changed. Send it from the page again.',
      {
        status: 400,
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      },
    );
  }
}
