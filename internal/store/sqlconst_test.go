package store_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sqlMethods take an SQL statement: database/sql's and pgx's methods and
// pgx.Batch.Queue. The statement is their first argument that is not a
// context.
var sqlMethods = map[string]bool{
	"Exec": true, "ExecContext": true, "Query": true, "QueryContext": true, "QueryRow": true,
	"QueryRowContext": true, "Prepare": true, "PrepareContext": true, "Queue": true,
}

// sqlAllowed are the non-constant statements allowed, by file name and
// source text, and why each is safe.
var sqlAllowed = map[string]string{
	"migrate.go:m.sql":          "a migration: a file of migrations/ embedded in the binary",
	"postgres_migrate.go:m.sql": "a migration: a file of migrations/postgres/ embedded in the binary",
	"snapshot.go:q":             "readStories' callback parameter: readStories calls it with constants only (checked as calls of query)",
	"postgres_snapshot.go:q":    "readStories' callback parameter, as in snapshot.go",
}

// TestNoSQLConcatenation: every SQL statement the store runs is a
// constant (a literal, a constant, a sum of them, a range over a list of
// them), never built from values with + or fmt.Sprintf, so values only
// ever travel as parameters.
func TestNoSQLConcatenation(t *testing.T) {
	dirs := map[string][]string{}
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") {
			dirs[filepath.Dir(p)] = append(dirs[filepath.Dir(p)], p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	for dir, files := range dirs {
		fset := token.NewFileSet()
		var parsed []*ast.File
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			af, err := parser.ParseFile(fset, f, src, 0)
			if err != nil {
				t.Fatal(err)
			}
			parsed = append(parsed, af)
		}
		n, bad := checkSQL(fset, parsed)
		calls += n
		for _, b := range bad {
			t.Errorf("%s: %s", dir, b)
		}
	}
	if calls < 20 {
		t.Errorf("found only %d SQL calls: is the scan looking at the store?", calls)
	}
}

// TestCheckSQLFindsConcatenation: the scan flags statements built from
// values, and passes constant ones.
func TestCheckSQLFindsConcatenation(t *testing.T) {
	for _, c := range []struct {
		name, body string
		bad        int
	}{
		{"literal", `db.ExecContext(ctx, "DELETE FROM t WHERE id = ?", id)`, 0},
		{"constant sum", `db.QueryRowContext(ctx, "SELECT "+cols+" FROM t")`, 0},
		{"range over literals", `for _, q := range []string{"DELETE FROM a", "DELETE FROM b"} { tx.Exec(ctx, q) }`, 0},
		{"prepared statement", `st, _ := tx.PrepareContext(ctx, "INSERT INTO t VALUES (?)"); st.ExecContext(ctx, id)`, 0},
		{"value concatenated", `db.ExecContext(ctx, "DELETE FROM t WHERE id = '"+id+"'")`, 1},
		{"Sprintf", `db.QueryContext(ctx, fmt.Sprintf("SELECT * FROM %s", table))`, 1},
		{"variable", `q := "SELECT 1"; q += where; conn.Query(ctx, q)`, 1},
		{"range over values", `for _, q := range queries { tx.Exec(ctx, q) }`, 1},
		{"batch", `b.Queue("UPDATE t SET x = " + x)`, 1},
		{"no context", `db.Exec("DROP TABLE " + name)`, 1},
		{"quoted identifier", `conn.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE")`, 0},
		{"allowed elsewhere only", `tx.Exec(ctx, m.sql)`, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := "package p\nconst cols = \"a, b\"\nfunc f() {\n" + c.body + "\n}\n"
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "p.go", src, 0)
			if err != nil {
				t.Fatal(err)
			}
			if _, bad := checkSQL(fset, []*ast.File{f}); len(bad) != c.bad {
				t.Errorf("flagged %q, want %d", bad, c.bad)
			}
		})
	}
}

// checkSQL returns the number of SQL calls in a package's files and the
// ones whose statement is not constant.
func checkSQL(fset *token.FileSet, files []*ast.File) (calls int, bad []string) {
	consts := map[string]bool{} // package-level constants
	for _, f := range files {
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.CONST {
				for _, s := range g.Specs {
					for _, n := range s.(*ast.ValueSpec).Names {
						consts[n.Name] = true
					}
				}
			}
		}
	}
	var constant func(e ast.Expr) bool
	constant = func(e ast.Expr) bool {
		switch e := e.(type) {
		case *ast.BasicLit:
			return e.Kind == token.STRING
		case *ast.ParenExpr:
			return constant(e.X)
		case *ast.CallExpr:
			// An identifier quoted by pgx: pgx.Identifier{name}.Sanitize().
			if sel, ok := e.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Sanitize" {
				if cl, ok := sel.X.(*ast.CompositeLit); ok && types.ExprString(cl.Type) == "pgx.Identifier" {
					return true
				}
			}
			return false
		case *ast.BinaryExpr:
			return e.Op == token.ADD && constant(e.X) && constant(e.Y)
		case *ast.Ident:
			if e.Obj == nil {
				return consts[e.Name]
			}
			if e.Obj.Kind == ast.Con {
				return true
			}
			// A range variable over a list of constants.
			if as, ok := e.Obj.Decl.(*ast.AssignStmt); ok && len(as.Rhs) == 1 {
				if u, ok := as.Rhs[0].(*ast.UnaryExpr); ok && u.Op == token.RANGE {
					if cl, ok := u.X.(*ast.CompositeLit); ok {
						for _, el := range cl.Elts {
							if !constant(el) {
								return false
							}
						}
						return true
					}
				}
			}
		}
		return false
	}
	isContext := func(e ast.Expr) bool {
		switch e := e.(type) {
		case *ast.Ident:
			return e.Name == "ctx"
		case *ast.CallExpr:
			if sel, ok := e.Fun.(*ast.SelectorExpr); ok {
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == "context" {
					return true
				}
			}
		}
		return false
	}
	// prepared reports a receiver that is a prepared statement (its SQL
	// was checked where it was prepared).
	prepared := func(e ast.Expr) bool {
		id, ok := e.(*ast.Ident)
		if !ok || id.Obj == nil {
			return false
		}
		as, ok := id.Obj.Decl.(*ast.AssignStmt)
		if !ok || len(as.Rhs) != 1 {
			return false
		}
		call, ok := as.Rhs[0].(*ast.CallExpr)
		if !ok {
			return false
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		return ok && strings.HasPrefix(sel.Sel.Name, "Prepare")
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			switch fun := call.Fun.(type) {
			case *ast.SelectorExpr:
				if !sqlMethods[fun.Sel.Name] || prepared(fun.X) {
					return true
				}
			case *ast.Ident:
				if fun.Name != "query" {
					return true
				}
			default:
				return true
			}
			var stmt ast.Expr
			for _, a := range call.Args {
				if !isContext(a) {
					stmt = a
					break
				}
			}
			if stmt == nil {
				return true // a batch's results: no statement
			}
			calls++
			text := types.ExprString(stmt)
			file := filepath.Base(fset.Position(stmt.Pos()).Filename)
			if constant(stmt) || sqlAllowed[file+":"+text] != "" {
				return true
			}
			bad = append(bad, fset.Position(stmt.Pos()).String()+": SQL not built from constants: "+text)
			return true
		})
	}
	return calls, bad
}
