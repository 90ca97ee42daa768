import { z } from 'zod';

/** the password rules of every form that sets one */
const newPassword = z
  .string({ error: 'Choose a password.' })
  .min(10, 'Use at least 10 characters; a short sentence works well.')
  .max(200, 'That password is too long.');

const passwordsMatch = (value: { password: string; confirmPassword: string }) =>
  value.password === value.confirmPassword;
const confirmationMismatch = {
  path: ['confirmPassword'],
  message: 'The two passwords do not match.',
};

export const NewAccountSchema = z
  .object({
    name: z
      .string({ error: 'Enter your name as colleagues know it.' })
      .trim()
      .min(1, 'Enter your name as colleagues know it.')
      .max(100, 'Keep your name under 100 characters.'),
    password: newPassword,
    confirmPassword: z.string({ error: 'Type the password again.' }),
  })
  .refine(passwordsMatch, confirmationMismatch);

/** A new password typed twice, with no name: the password reset form. */
export const NewPasswordSchema = z
  .object({
    password: newPassword,
    confirmPassword: z.string({ error: 'Type the password again.' }),
  })
  .refine(passwordsMatch, confirmationMismatch);

export type NewAccountErrors = Partial<
  Record<'name' | 'password' | 'confirmPassword' | 'form', string>
>;

export function newAccountErrors(error: z.ZodError): NewAccountErrors {
  const errors: NewAccountErrors = {};
  for (const issue of error.issues) {
    const key = (issue.path[0] ?? 'form') as keyof NewAccountErrors;
    errors[key] ??= issue.message;
  }
  return errors;
}
