package main

import (
	"context"
	"time"

	"github.com/ephpm/ephpm-kv/internal/phpstack"
)

// helperDaemons holds the redis-server and memcached the bench starts (unix sockets, in
// private directories); a start error makes only the cases that need the daemon skip.
type helperDaemons struct {
	redis, memcached       *phpstack.Service
	redisErr, memcachedErr error
}

func startHelperDaemons() *helperDaemons {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	d := &helperDaemons{}
	d.redis, d.redisErr = phpstack.StartRedis(ctx)
	d.memcached, d.memcachedErr = phpstack.StartMemcached(ctx, "unix")
	return d
}

func (d *helperDaemons) err(name string) error {
	switch name {
	case "redis":
		return d.redisErr
	case "memcached":
		return d.memcachedErr
	}
	return nil
}

func (d *helperDaemons) redisSocket() string {
	if d.redis == nil {
		return ""
	}
	return d.redis.Address
}

func (d *helperDaemons) memcachedSocket() string {
	if d.memcached == nil {
		return ""
	}
	return d.memcached.Address
}

func (d *helperDaemons) stop() {
	for _, s := range []*phpstack.Service{d.redis, d.memcached} {
		if s != nil {
			s.Stop()
		}
	}
}
