import "./jitless";
import { z } from "zod";

/** A query parameter sent empty (a form's empty field, `?limit=`) is one not sent. */
export const blankIsAbsent = (value: unknown) => (value === "" ? undefined : value);

/** A query parameter that may be absent or blank (a form's empty field). */
export const optional = <S extends z.ZodType>(schema: S) => z.preprocess(blankIsAbsent, schema.optional());
