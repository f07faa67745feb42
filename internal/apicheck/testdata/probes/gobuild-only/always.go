//go:build !maplab_off

package main

func name() string { return "on" }
