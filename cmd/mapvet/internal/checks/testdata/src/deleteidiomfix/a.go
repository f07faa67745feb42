package deleteidiomfix

func reset(m map[float64]int) {
	for k := range m { // want `deleteidiom`
		delete(m, k)
	}
}
