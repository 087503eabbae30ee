// filled in with the storage layer
