import { z } from 'zod';

/** the password rules of every form that sets one */
const newPassword = z
  .string({ error: 'Choose a password.' })
  .min(10, 'Use at least 10 characters; a short sentence works well.')
  .max(200, 'That password is too long.');

export const passwordsMatch = (value: { password: string; confirmPassword: string }) =>
  value.password === value.confirmPassword;
export const confirmationMismatch = {
  path: ['confirmPassword'],
  message: 'The two passwords do not match.',
};

/** the fields of every form that creates an account, for schemas that add their own */
export const newAccountFields = {
  name: z
    .string({ error: 'Enter your name as colleagues know it.' })
    .trim()
    .min(1, 'Enter your name as colleagues know it.')
    .max(100, 'Keep your name under 100 characters.'),
  password: newPassword,
  confirmPassword: z.string({ error: 'Type the password again.' }),
};

export const NewAccountSchema = z
  .object(newAccountFields)
  .refine(passwordsMatch, confirmationMismatch);

/** A new password typed twice, with no name: the password reset form. */
export const NewPasswordSchema = z
  .object({
    password: newPassword,
    confirmPassword: z.string({ error: 'Type the password again.' }),
  })
  .refine(passwordsMatch, confirmationMismatch);
