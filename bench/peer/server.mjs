// The peer of `make bench -peer` (bench/README.md): @neo4j/graphql over
// scamgraph's stored model (typeDefs.graphql), served by Apollo Server on
// 127.0.0.1:$PORT/graphql, reading the Neo4j of NEO4J_URI with
// NEO4J_USER / NEO4J_PASSWORD. No authentication, no audit: it is the
// library's own cost that the bench compares with.
import { readFileSync } from "node:fs";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

const env = (k, d) => process.env[k] || d;
const uri = env("NEO4J_URI", "bolt://127.0.0.1:27687");
const port = Number(env("PORT", "4000"));
const typeDefs = readFileSync(new URL("./typeDefs.graphql", import.meta.url), "utf8");

const driver = neo4j.driver(uri, neo4j.auth.basic(env("NEO4J_USER", "neo4j"), env("NEO4J_PASSWORD", "scamgraph-dev")), {
  maxConnectionPoolSize: 64,
});
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();

if (process.argv.includes("--print-schema")) {
  const { printSchema } = await import("graphql");
  console.log(printSchema(schema));
  await driver.close();
  process.exit(0);
}

await driver.verifyConnectivity();
const server = new ApolloServer({ schema, introspection: true });
const { url } = await startStandaloneServer(server, { listen: { host: "127.0.0.1", port } });
console.log(`peer: @neo4j/graphql on ${url} over ${uri}`);

const stop = async () => {
  await server.stop();
  await driver.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
