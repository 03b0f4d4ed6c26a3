import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";

// Imported for its effect, before any schema calls `.openapi()`: the schemas that validate are the ones
// the OpenAPI document is generated from.
extendZodWithOpenApi(z);
