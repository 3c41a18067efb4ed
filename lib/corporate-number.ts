// Japan's 13-digit corporate number: the first digit checks the following twelve
// (National Tax Agency: check = 9 - (Σ Pn × Qn mod 9), Pn counted from the right, Qn = 1 when n is odd, 2 when even).
export function corporateNumberCheckDigit(base12: string): number {
  if (!/^[0-9]{12}$/.test(base12)) throw new Error("base must be 12 digits");
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    const digit = Number(base12[12 - n]);
    sum += digit * (n % 2 === 1 ? 1 : 2);
  }
  return 9 - (sum % 9);
}

export function isValidCorporateNumber(value: string): boolean {
  return /^[0-9]{13}$/.test(value) && Number(value[0]) === corporateNumberCheckDigit(value.slice(1));
}

export function withCheckDigit(base12: string): string {
  return `${corporateNumberCheckDigit(base12)}${base12}`;
}
