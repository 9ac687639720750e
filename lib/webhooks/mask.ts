/** `••••` plus the last 4 characters, only for secrets long enough (12+) that 4 characters reveal little. */
export function maskSecret(secret: string): string {
  return secret.length >= 12 ? `••••${secret.slice(-4)}` : '••••';
}
