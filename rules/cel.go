package rules

import (
	"fmt"
	"strings"
	"sync"

	"github.com/google/cel-go/cel"
)

// The variables a rule's CEL condition can use. Each is plain data (maps,
// lists, strings, numbers, booleans) so that conditions read like the facts
// they test:
//
//	person   {id, name, regime, position}
//	matter   {id, title, kind, opened, topics, confidential}
//	paths    [{basis, outcome, whose, party, party_role, party_kind,
//	           capacity, status, amount, contact, name_score, hops,
//	           types, roles}]
//	contacts [{id, date, capacity, status, place}]  (distinct contacts on the paths)
//	as_of    "YYYY-MM-DD"
//
// Example: `contacts.exists(c, c.capacity != "official") || size(contacts) >= 2`.
var conditionVars = []string{"person", "matter", "paths", "contacts", "as_of"}

var (
	envOnce sync.Once
	envVal  *cel.Env
	envErr  error
)

func conditionEnv() (*cel.Env, error) {
	envOnce.Do(func() {
		envVal, envErr = cel.NewEnv(
			cel.Variable("person", cel.MapType(cel.StringType, cel.DynType)),
			cel.Variable("matter", cel.MapType(cel.StringType, cel.DynType)),
			cel.Variable("paths", cel.ListType(cel.MapType(cel.StringType, cel.DynType))),
			cel.Variable("contacts", cel.ListType(cel.MapType(cel.StringType, cel.DynType))),
			cel.Variable("as_of", cel.StringType),
		)
	})
	return envVal, envErr
}

// compileCondition parses and type-checks a condition; it must be boolean.
func compileCondition(env *cel.Env, expr string) (cel.Program, error) {
	ast, iss := env.Compile(expr)
	if iss != nil && iss.Err() != nil {
		return nil, fmt.Errorf("does not compile: %s (variables: %s)", strings.TrimSpace(iss.Err().Error()), strings.Join(conditionVars, ", "))
	}
	if !ast.OutputType().IsExactType(cel.BoolType) {
		return nil, fmt.Errorf("is of type %s, want bool", ast.OutputType())
	}
	prg, err := env.Program(ast)
	if err != nil {
		return nil, fmt.Errorf("cannot be planned: %v", err)
	}
	return prg, nil
}

// Eval evaluates the rule's condition with the variables; a rule without a
// condition is true. An evaluation error (a missing key, a wrong type at
// run time) is returned so that the engine can report it rather than guess.
func (r *Rule) Eval(vars map[string]any) (bool, error) {
	if r.program == nil {
		return true, nil
	}
	out, _, err := r.program.Eval(vars)
	if err != nil {
		return false, fmt.Errorf("rule %q: condition: %v", r.ID, err)
	}
	b, ok := out.Value().(bool)
	if !ok {
		return false, fmt.Errorf("rule %q: condition gave %v, not a bool", r.ID, out.Value())
	}
	return b, nil
}
