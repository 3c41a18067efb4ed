import { createHash } from "node:crypto";

// The demo accounts' TOTP secrets are public on purpose (like their password): derived from the email,
// so the seed, the demo sign-in page and the e2e setup agree without sharing a file. Never used
// outside the demo world.

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** 20 bytes (160 bits, the RFC 4226 recommendation) as Base32. */
export function demoTotpSecret(email: string): string {
  return base32(createHash("sha256").update(`kakehashi-demo-totp/v1:${email.toLowerCase()}`).digest().subarray(0, 20));
}
