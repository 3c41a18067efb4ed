import { z } from "zod";

// Messages are catalogue keys; forms translate them, the API renders them in English.
export const signInSchema = z.object({
  email: z.string().trim().min(1, "validation.required").max(320, "validation.tooLong").email("validation.email"),
  password: z.string().min(1, "validation.required").max(1024, "validation.tooLong"),
});

export type SignInInput = z.infer<typeof signInSchema>;
