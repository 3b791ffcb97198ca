// Prints an scrypt hash for lib/users.ts: npx tsx scripts/hash-password.ts <password>
import { hashPassword } from "../lib/security/login";

const password = process.argv[2];
if (!password) {
  console.error("usage: npx tsx scripts/hash-password.ts <password>");
  process.exit(2);
}
console.log(await hashPassword(password));
