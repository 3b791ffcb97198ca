// Prints an scrypt hash for lib/users.ts: npx tsx scripts/hash-password.ts <password>
import { hashPassword } from "../lib/security/login";
import { credentialsSchema } from "../lib/validation";

const password = process.argv[2];
if (!password) {
  console.error("usage: npx tsx scripts/hash-password.ts <password>");
  process.exit(2);
}
// A password sign-in would refuse (too long, a control character) could never be typed to match.
const checked = credentialsSchema.shape.password.safeParse(password);
if (!checked.success) {
  console.error(checked.error.issues[0].message);
  process.exit(2);
}
console.log(await hashPassword(password));
