package ent

//go:generate go tool ent generate --feature privacy,sql/execquery,sql/lock ./schema
