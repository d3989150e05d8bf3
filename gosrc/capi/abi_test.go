package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ephpm/ephpm-kv/gosrc/store"
)

func TestTheCSideRefusesTheStoresInternalPrefix(t *testing.T) {
	assert.Equal(t, store.InternalKeyPrefix, abiInternalKeyPrefix)
	assert.Len(t, abiInternalKeyPrefix, abiInternalKeyPrefixLen)
}
