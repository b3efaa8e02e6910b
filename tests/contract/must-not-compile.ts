// Must NOT compile: the contract tests check that tsc --strict refuses it, which proves the generated
// types are strict enough to catch a client that forgets the MFA branch of the sign-in answer or reads
// a member an answer does not have.

import type { components } from "./generated/api";

declare const signIn: components["schemas"]["SignInAnswer"];
declare const user: components["schemas"]["User"];

export const token: string = signIn.accessToken;
export const phone: string = user.phone;
