package moduleutil

import (
	"fmt"

	"google.golang.org/grpc"

	"github.com/cosmos/cosmos-sdk/types/module"
)

// RegisterMigrations registers steps[i] as module name's store migration
// from consensus version i+1 to i+2, when registrar is the module manager's
// configurator (other registrars, such as a test's gRPC server, take only
// the services).
func RegisterMigrations(registrar grpc.ServiceRegistrar, name string, steps ...module.MigrationHandler) error {
	cfg, ok := registrar.(module.Configurator)
	if !ok {
		return nil
	}
	for i, step := range steps {
		from := uint64(i) + 1
		if err := cfg.RegisterMigration(name, from, step); err != nil {
			return fmt.Errorf("%s: migration %d to %d: %w", name, from, from+1, err)
		}
	}
	return nil
}
