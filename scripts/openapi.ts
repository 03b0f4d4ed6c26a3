import { openApiDocument } from "@alliance-ledger/api";

/**
 * `npm run openapi`: the gateway's OpenAPI 3.1 document on stdout, generated from the routes' schemas
 * without a node, a database or a server (for client generators and reviews).
 */
process.stdout.write(`${JSON.stringify(openApiDocument(), null, 2)}\n`);
