package httpapi

import (
	"encoding"
	"reflect"
	"strings"
	"time"

	"github.com/impartial/impartial"
)

// The OpenAPI document is generated from the route table and the Go types
// of each route's body and response, so that a route cannot be served
// without being described, nor described without being served. This is a
// few hundred lines instead of a generator dependency: the types are plain
// structs with json tags, and the subset of JSON Schema they need (objects,
// arrays, strings, numbers, booleans, null) is small. The API's tests
// validate real responses against the schemas generated here.

// itemsOf is a listing whose items have the shape of sample; the records'
// listings use it, as their items are the interchange format of each kind.
type itemsOf struct{ sample any }

// obj is a JSON object in the document.
type obj = map[string]any

func (a *API) document() obj {
	paths := obj{}
	for _, rt := range a.routes {
		item, _ := paths[rt.Path].(obj)
		if item == nil {
			item = obj{}
			paths[rt.Path] = item
		}
		item[strings.ToLower(rt.Method)] = operation(rt)
	}
	v, _ := VersionInfo()
	return obj{
		"openapi": "3.1.0",
		"info": obj{
			"title":   "impartial",
			"version": v,
			"description": "Conflict-of-interest screening and recusal management. Every /v1 route takes 'Authorization: Bearer TOKEN' " +
				"('impartial token' or POST /v1/tokens issues one); each route's summary names the roles it admits. Errors are RFC 9457 " +
				"problem documents (application/problem+json) whose errors list names each field and its problem. Changes to records need " +
				"If-Match with the ETag of the version read. Listings page with after and limit; next is the cursor of the next page, empty on the last.",
		},
		"paths": paths,
		"components": obj{
			"securitySchemes": obj{"bearer": obj{"type": "http", "scheme": "bearer"}},
			"schemas":         obj{"Problem": schemaOf(reflect.TypeFor[Problem](), false)},
		},
	}
}

func roleNames(roles []impartial.Role) []string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = string(r)
	}
	return out
}

func operation(rt route) obj {
	summary := rt.Summary
	if first, _, ok := strings.Cut(summary, ". "); ok {
		summary = first + "."
	}
	if rt.Roles != nil {
		summary += " Roles: " + strings.Join(roleNames(rt.Roles), ", ") + "."
	} else {
		summary += " No token."
	}
	op := obj{
		"operationId": operationID(rt),
		"summary":     summary,
		"description": rt.Summary,
		"x-roles":     roleNames(rt.Roles),
		"responses":   responses(rt),
	}
	if rt.Roles != nil {
		op["security"] = []obj{{"bearer": []string{}}}
	} else {
		op["security"] = []obj{}
		op["x-roles"] = []string{}
	}
	var params []obj
	for _, name := range pathParams(rt.Path) {
		params = append(params, obj{"name": name, "in": "path", "required": true,
			"schema": obj{"type": "string", "minLength": 1, "maxLength": 200}})
	}
	for _, q := range rt.Query {
		s := obj{"type": "string", "maxLength": 1000}
		switch q.Type {
		case "integer":
			s = obj{"type": "integer"}
		case "boolean":
			s = obj{"type": "boolean"}
		}
		params = append(params, obj{"name": q.Name, "in": "query", "required": q.Required, "description": q.Desc, "schema": s})
	}
	if rt.IfMatch {
		params = append(params, obj{"name": "If-Match", "in": "header", "required": true,
			"description": "the ETag of the version the change was made against", "schema": obj{"type": "string"}})
	}
	if params != nil {
		op["parameters"] = params
	}
	if rt.Body != nil {
		media := rt.BodyMedia
		if media == "" {
			media = "application/json"
		}
		op["requestBody"] = obj{"required": true, "content": obj{media: obj{"schema": schemaOfValue(rt.Body)}}}
	}
	return op
}

func operationID(rt route) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(rt.Method))
	for _, seg := range strings.Split(rt.Path, "/") {
		seg = strings.Trim(seg, "{}")
		for _, part := range strings.FieldsFunc(seg, func(r rune) bool { return r == '.' || r == '-' || r == '_' }) {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

var problemRef = obj{"$ref": "#/components/schemas/Problem"}

func responses(rt route) obj {
	ok := obj{"description": http200(rt.Status)}
	if rt.Resp != nil {
		media := rt.RespMedia
		if media == "" {
			media = "application/json"
		}
		ok["content"] = obj{media: obj{"schema": schemaOfValue(rt.Resp)}}
	}
	if rt.ETag {
		ok["headers"] = obj{"ETag": obj{"description": "the record's version, for If-Match", "schema": obj{"type": "string"}}}
	}
	out := obj{itoa(rt.Status): ok}
	problem := obj{"description": "a problem document naming the field and the problem", "content": obj{"application/problem+json": obj{"schema": problemRef}}}
	if rt.ErrorBody != nil {
		out["default"] = obj{"description": "the answer when the request fails", "content": obj{"application/json": obj{"schema": schemaOfValue(rt.ErrorBody)}}}
		if rt.Roles != nil {
			out["401"] = problem
		}
	} else {
		out["default"] = problem
	}
	if rt.Method == "GET" && rt.ETag {
		out["304"] = obj{"description": "not modified (If-None-Match matched)"}
	}
	return out
}

func http200(code int) string {
	switch code {
	case 201:
		return "created"
	case 204:
		return "done; no content"
	}
	return "success"
}

func itoa(n int) string {
	const digits = "0123456789"
	if n < 10 {
		return digits[n : n+1]
	}
	return itoa(n/10) + digits[n%10:n%10+1]
}

// schemaOfValue returns the schema of a sample value: an itemsOf listing, a
// string (plain text), or any Go value by its type.
func schemaOfValue(v any) obj {
	if it, ok := v.(itemsOf); ok {
		return obj{"type": "object", "additionalProperties": false, "required": []string{"items", "next"},
			"properties": obj{"items": obj{"type": "array", "items": schemaOfValue(it.sample)}, "next": obj{"type": "string"}}}
	}
	return schemaOf(reflect.TypeOf(v), false)
}

var (
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
	timeType      = reflect.TypeFor[time.Time]()
)

// schemaOf returns the JSON Schema of what encoding/json writes for t;
// nullable when a nil value (a pointer, slice or map not omitted when empty)
// is written as null.
func schemaOf(t reflect.Type, nullable bool) obj {
	var s obj
	switch {
	case t == timeType:
		s = obj{"type": "string", "format": "date-time"}
	case t.Implements(textMarshaler) || reflect.PointerTo(t).Implements(textMarshaler):
		s = obj{"type": "string"}
	default:
		switch t.Kind() {
		case reflect.Pointer:
			return schemaOf(t.Elem(), nullable)
		case reflect.Interface:
			return obj{}
		case reflect.String:
			s = obj{"type": "string"}
		case reflect.Bool:
			s = obj{"type": "boolean"}
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			s = obj{"type": "integer"}
		case reflect.Float32, reflect.Float64:
			s = obj{"type": "number"}
		case reflect.Slice, reflect.Array:
			s = obj{"type": "array", "items": schemaOf(t.Elem(), false)}
		case reflect.Map:
			s = obj{"type": "object", "additionalProperties": schemaOf(t.Elem(), false)}
		case reflect.Struct:
			s = structSchema(t)
		default:
			s = obj{}
		}
	}
	if nullable {
		if typ, ok := s["type"].(string); ok {
			s["type"] = []string{typ, "null"}
		}
	}
	return s
}

func structSchema(t reflect.Type) obj {
	props := obj{}
	var required []string
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" || (!f.IsExported() && !f.Anonymous) {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			if f.Anonymous && name == "" {
				ft := f.Type
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if ft.Kind() == reflect.Struct && !ft.Implements(textMarshaler) && ft != timeType {
					walk(ft)
					continue
				}
			}
			if !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			omit := strings.Contains(opts, "omitempty") || strings.Contains(opts, "omitzero")
			k := f.Type.Kind()
			nullable := !omit && (k == reflect.Pointer || k == reflect.Slice || k == reflect.Map)
			props[name] = schemaOf(f.Type, nullable)
			if !omit {
				required = append(required, name)
			}
		}
	}
	walk(t)
	s := obj{"type": "object", "properties": props, "additionalProperties": false}
	if required != nil {
		s["required"] = required
	}
	return s
}
