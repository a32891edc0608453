# The API image. GraphiQL's assets come from npm at build time and are
# embedded in the binary, so the running container needs no internet.
FROM node:20-bookworm-slim AS graphiql
WORKDIR /src
COPY web/graphiql/package.json web/graphiql/package-lock.json web/graphiql/build.sh web/graphiql/
COPY server/graphiql/assets/README.md server/graphiql/assets/
RUN web/graphiql/build.sh

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=graphiql /src/server/graphiql/assets/ server/graphiql/assets/
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/scamgraph ./cmd/scamgraph

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/scamgraph /scamgraph
ENV SCAMGRAPH_ADDR=0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["/scamgraph"]
CMD ["serve"]
