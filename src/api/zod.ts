// zod extended with `.openapi()` metadata; import `z` from here in API code.
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);
export { z };

/**
 * `documents<View>()(schema)` returns the schema, and does not compile while a field of the view type
 * is missing from it (the error names the field under `undocumentedField`): a field added to a view
 * reaches the OpenAPI document, and the console's generated client, or the build stops.
 */
export const documents =
  <View>() =>
  <S extends z.ZodType>(
    schema: S & ([Exclude<keyof View, keyof z.infer<S>>] extends [never] ? unknown : { undocumentedField: Exclude<keyof View, keyof z.infer<S>> }),
  ): S =>
    schema;
