// The rules for accounts' fields, and one zod schema per account form. Messages follow the NHS
// service manual: they say what to do, and name the field.
import { z } from "zod";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./password-length";

/** Says whether a password is among the most common; supplied by the server. */
export type CommonPasswordCheck = (password: string) => boolean;

export const emailField = z
  .string({ required_error: "Enter your email address" })
  .trim()
  .min(1, "Enter your email address")
  .max(254, "Email address must be 254 characters or fewer")
  .email("Enter an email address in the correct format, like name@example.nhs.uk")
  .transform((email) => email.toLowerCase());

export const nameField = z
  .string({ required_error: "Enter your full name" })
  .trim()
  .min(1, "Enter your full name")
  .max(100, "Full name must be 100 characters or fewer")
  .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), "Full name must not contain control characters");

const existingPasswordField = (message: string) =>
  z.string({ required_error: message }).min(1, message).max(1000, "Password must be 1000 characters or fewer");

function newPasswordField(label: string, isCommon: CommonPasswordCheck) {
  return z
    .string({ required_error: `Enter a ${label}` })
    .min(1, `Enter a ${label}`)
    .min(PASSWORD_MIN_LENGTH, `${capitalise(label)} must be ${PASSWORD_MIN_LENGTH} characters or more`)
    .max(PASSWORD_MAX_LENGTH, `${capitalise(label)} must be ${PASSWORD_MAX_LENGTH} characters or fewer`)
    .refine(
      (password) => !isCommon(password),
      `${capitalise(label)} is one of the most common passwords. Choose one that is harder to guess, such as three random words`,
    );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const signUpSchema = (isCommon: CommonPasswordCheck) =>
  z.object({ name: nameField, email: emailField, password: newPasswordField("password", isCommon) });

export const signInSchema = z.object({
  email: emailField,
  password: existingPasswordField("Enter your password"),
  redirectTo: z.string().optional(),
});

export const forgotPasswordSchema = z.object({ email: emailField });

export const resetPasswordSchema = (isCommon: CommonPasswordCheck) =>
  z.object({
    token: z.string().regex(/^[a-z2-7]{48}$/, "This link is not valid. Ask for a new one"),
    password: newPasswordField("new password", isCommon),
  });

export const changePasswordSchema = (isCommon: CommonPasswordCheck) =>
  z.object({
    currentPassword: existingPasswordField("Enter your current password"),
    newPassword: newPasswordField("new password", isCommon),
  });
