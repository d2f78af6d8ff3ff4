package moduleutil

import (
	"cosmossdk.io/core/appmodule"
	"cosmossdk.io/depinject"
)

// Outputs are what a module gives the app: its keeper K, which other
// modules take, and the module itself.
type Outputs[K any] struct {
	depinject.Out

	Keeper *K
	Module appmodule.AppModule
}

// Provide returns a module's outputs, built by build from env's services
// with the module's authority: the configured address, or the gov module
// account when none is configured.
func Provide[K any](env Env, configured string, build func(Services) (*K, appmodule.AppModule)) (Outputs[K], error) {
	authority, err := env.Authority(configured)
	if err != nil {
		return Outputs[K]{}, err
	}
	k, m := build(env.Services(authority))
	return Outputs[K]{Keeper: k, Module: m}, nil
}
