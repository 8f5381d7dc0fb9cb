// docs/openapi.json against the OpenAPI 3 specification, with every $ref resolved.
const SwaggerParser = require("@apidevtools/swagger-parser");

SwaggerParser.validate(process.argv[2]).then(
  (api) => console.log(`valid OpenAPI ${api.openapi}: ${Object.keys(api.paths).length} paths`),
  (err) => {
    console.error(`invalid: ${err.message}`);
    process.exit(1);
  });
