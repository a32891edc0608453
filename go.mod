module github.com/scamgraph/scamgraph

go 1.26.8

require (
	github.com/biter777/countries v1.7.5
	github.com/google/uuid v1.6.0
	github.com/neo4j/neo4j-go-driver/v5 v5.28.4
	github.com/nyaruka/phonenumbers v1.8.1
	github.com/shopspring/decimal v1.6.0
	golang.org/x/text v0.44.0
)

require (
	github.com/stretchr/testify v1.12.1 // indirect
	google.golang.org/protobuf v1.36.12 // indirect
)
